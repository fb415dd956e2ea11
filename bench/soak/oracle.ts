// The identity oracle: every answer that carries or implies a user must be the virtual user's who
// sent the request. It knows which account, session, token and resource row belongs to which
// virtual user (the registry), and reports a crossed answer instead of throwing, so that the run
// counts every one of them.
import { isObj, type Cross, type Json } from './http';

/** One account of one virtual user, as the server described it at registration. */
export interface Identity {
  id: number;
  email: string;
  /** `vu007`: the virtual user driving this account. */
  vu: string;
  /** A marker in every User-Agent and device name this virtual user sends: `[soak:vu007]`. */
  tag: string;
  /** first_name + last_name, as BeatPass shows artists and Fangate dashboards show creators. */
  name: string;
  inviteCode: string | null;
}

export const tagOf = (vu: string): string => `[soak:${vu}]`;

export type RowKind =
  | 'user'
  | 'session'
  | 'token'
  | 'product'
  | 'beat-request'
  | 'track'
  | 'purchase'
  | 'totp-secret'
  | 'invite-code';

const describe = (me: Identity): string => `${me.id} ${me.email}`;
const key = (kind: RowKind, k: string | number) => `${kind}:${k}`;

/** Who owns what, across every virtual user (append-only: a deleted row stays its owner's). */
export class Registry {
  private readonly owners = new Map<string, Identity>();
  private readonly byKind = new Map<RowKind, [string, Identity][]>();

  ownerOf(kind: RowKind, k: string | number): Identity | undefined {
    return this.owners.get(key(kind, k));
  }

  /** Records the row as `me`'s; returns the other account that already owned it, if any. */
  claim(kind: RowKind, k: string | number, me: Identity): Identity | undefined {
    const existing = this.owners.get(key(kind, k));
    if (existing) return existing.id === me.id ? undefined : existing;
    this.owners.set(key(kind, k), me);
    let list = this.byKind.get(kind);
    if (!list) this.byKind.set(kind, (list = []));
    list.push([String(k), me]);
    return undefined;
  }

  /** A row of `kind` that belongs to another virtual user than `me` (for authorization probes). */
  foreign(kind: RowKind, me: Identity): string | undefined {
    const list = this.byKind.get(kind) ?? [];
    for (let i = 0; i < 8 && list.length; i++) {
      const [k, owner] = list[Math.floor(Math.random() * list.length)];
      if (owner.vu !== me.vu) return k;
    }
    return undefined;
  }
}

export interface RowsOptions {
  /** Rows of this kind are all known to the client (it saw every id the server handed out). */
  strict?: boolean;
  /** The client may have missed an id (a create whose answer never came): unknown rows are not flagged. */
  indeterminate?: boolean;
}

export class Oracle {
  constructor(
    readonly registry: Registry,
    private readonly report: (c: Cross) => void,
  ) {}

  crossed(me: Identity, route: string, detail: string): void {
    this.report({ vu: me.vu, account: describe(me), route, detail });
  }

  /** A user resource (anything naming a user by id and email) must be the sender's. */
  user(me: Identity, u: unknown, route: string, where = 'user'): boolean {
    if (!isObj(u)) {
      this.crossed(me, route, `${where}: no user in the answer`);
      return false;
    }
    const sameId = u.id === me.id;
    const sameEmail = typeof u.email === 'string' && u.email.toLowerCase() === me.email.toLowerCase();
    if (sameId && sameEmail) return true;
    const other = typeof u.id === 'number' ? this.registry.ownerOf('user', u.id) : undefined;
    this.crossed(
      me,
      route,
      `${where} is ${String(u.id)} ${String(u.email)}${other ? ` (${other.vu}'s account)` : ''}`,
    );
    return false;
  }

  /** Every `email` anywhere in an authenticated answer is the sender's (no checked route shows another's). */
  emails(me: Identity, body: unknown, route: string): boolean {
    const found: string[] = [];
    const walk = (v: unknown, depth: number) => {
      if (depth > 6) return;
      if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
      else if (isObj(v)) {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'email' && typeof x === 'string' && x.toLowerCase() !== me.email.toLowerCase()) {
            found.push(x);
          } else walk(x, depth + 1);
        }
      }
    };
    walk(body, 0);
    if (found.length) this.crossed(me, route, `the answer names ${found.slice(0, 3).join(', ')}`);
    return found.length === 0;
  }

  /** Records a row (id, token, secret) handed to `me`; it must not be known as someone else's. */
  claim(me: Identity, kind: RowKind, k: string | number, route: string): boolean {
    const other = this.registry.claim(kind, k, me);
    if (other) this.crossed(me, route, `${kind} ${k} is ${other.vu}'s (account ${describe(other)})`);
    return !other;
  }

  /**
   * A listing of "my" rows: none may be known as another user's; with `strict`, none may be
   * unknown either (the client created each of them and saw its id).
   */
  rows(me: Identity, kind: RowKind, ids: unknown[], route: string, opts: RowsOptions = {}): boolean {
    const bad: string[] = [];
    for (const id of ids) {
      if (typeof id !== 'number' && typeof id !== 'string') {
        bad.push(`${kind} row without id`);
        continue;
      }
      const owner = this.registry.ownerOf(kind, id);
      if (owner && owner.id !== me.id) bad.push(`${kind} ${id} (${owner.vu}'s)`);
      else if (!owner && opts.strict && !opts.indeterminate)
        bad.push(`${kind} ${id} (not created by ${me.vu})`);
    }
    if (bad.length) this.crossed(me, route, `listing holds ${bad.slice(0, 3).join(', ')}`);
    return bad.length === 0;
  }

  /**
   * Rows recorded from the sender's own requests (browser sessions, tokens, security events) carry
   * its User-Agent, which every virtual user marks with its tag; device names too.
   */
  agents(me: Identity, rows: unknown[], route: string): boolean {
    const bad: string[] = [];
    for (const r of rows) {
      if (!isObj(r)) continue;
      for (const field of ['user_agent', 'device_name'] as const) {
        const v = (r as Json)[field];
        if (typeof v === 'string' && !v.includes(me.tag)) bad.push(`${field} "${v.slice(-40)}"`);
      }
    }
    if (bad.length) this.crossed(me, route, `rows of another client: ${bad.slice(0, 3).join(', ')}`);
    return bad.length === 0;
  }

  /** A resource fetched by id must be that resource. */
  same(me: Identity, route: string, what: string, wanted: number | string, got: unknown): boolean {
    if (got === wanted || String(got) === String(wanted)) return true;
    this.crossed(me, route, `asked for ${what} ${wanted}, got ${String(got)}`);
    return false;
  }

  /** Figures of "my" rows (counts on dashboards) must be mine. */
  count(me: Identity, route: string, what: string, expected: number, got: unknown): boolean {
    if (got === expected) return true;
    this.crossed(me, route, `${what} is ${String(got)}, ${me.vu} has ${expected}`);
    return false;
  }

  /** The server echoes the client's X-Request-Id: another id means another request's answer. */
  requestId(me: Identity | undefined, vu: string, route: string, sent: string, got: string): void {
    this.report({
      vu,
      account: me ? describe(me) : '(not registered yet)',
      route,
      detail: `sent X-Request-Id ${sent}, the answer carries ${got}`,
      requestId: sent,
    });
  }
}

/**
 * Feeds fabricated answers to a fresh oracle: each mismatched one must be flagged, each matching one
 * must not. Returns the cases that went wrong (empty: the oracle sees crossing).
 */
export function oracleSelfTest(): string[] {
  const registry = new Registry();
  const crosses: Cross[] = [];
  const oracle = new Oracle(registry, (c) => crosses.push(c));
  const a: Identity = {
    id: 101,
    email: 'soak-vu001@example.com',
    vu: 'vu001',
    tag: tagOf('vu001'),
    name: 'Soak VU001',
    inviteCode: 'AAAA',
  };
  const b: Identity = {
    id: 102,
    email: 'soak-vu002@example.com',
    vu: 'vu002',
    tag: tagOf('vu002'),
    name: 'Soak VU002',
    inviteCode: 'BBBB',
  };
  for (const me of [a, b]) registry.claim('user', me.id, me);
  registry.claim('token', 7, a);
  registry.claim('token', 8, b);
  registry.claim('session', 'b-session', b);
  registry.claim('product', 55, b);
  registry.claim('product', 54, a);
  const ua = (me: Identity) => `Mozilla/5.0 Chrome/126.0 ${me.tag}`;

  const cases: [string, boolean, () => void][] = [
    [
      'GET /api/user answering for another user',
      true,
      () => oracle.user(a, { id: b.id, email: b.email }, 'r'),
    ],
    [
      'GET /api/user answering for the sender',
      false,
      () => oracle.user(a, { id: a.id, email: a.email }, 'r'),
    ],
    [
      'data.user with the right id but another email',
      true,
      () => oracle.user(a, { id: a.id, email: b.email }, 'r'),
    ],
    ['no user where one is expected', true, () => oracle.user(a, null, 'r')],
    [
      'an email of another user nested in an answer',
      true,
      () => oracle.emails(a, { data: { creator: { email: b.email } } }, 'r'),
    ],
    [
      'only the sender’s email',
      false,
      () => oracle.emails(a, { data: { user: { email: a.email.toUpperCase() } } }, 'r'),
    ],
    ['a token issued to the sender that is another user’s', true, () => oracle.claim(a, 'token', 8, 'r')],
    ['a new token id', false, () => oracle.claim(a, 'token', 9, 'r')],
    [
      'a session listing with another user’s session id',
      true,
      () => oracle.rows(a, 'session', ['b-session'], 'r'),
    ],
    [
      'a session listing with another browser’s User-Agent',
      true,
      () => oracle.agents(a, [{ user_agent: ua(a) }, { user_agent: ua(b) }], 'r'),
    ],
    [
      'a session listing of the sender’s own browsers',
      false,
      () => oracle.agents(a, [{ user_agent: ua(a), device_name: `phone ${a.tag}` }], 'r'),
    ],
    [
      'a token listing with a token of another user',
      true,
      () => oracle.rows(a, 'token', [7, 8], 'r', { strict: true }),
    ],
    [
      'a product listing with an unknown row (strict)',
      true,
      () => oracle.rows(a, 'product', [54, 999], 'r', { strict: true }),
    ],
    [
      'a product listing of the sender’s rows',
      false,
      () => oracle.rows(a, 'product', [54], 'r', { strict: true }),
    ],
    ['a dashboard count of another user', true, () => oracle.count(a, 'r', 'products_count', 1, 2)],
    ['a resource other than the one asked for', true, () => oracle.same(a, 'r', 'product', 54, 55)],
    [
      'an answer carrying another request’s X-Request-Id',
      true,
      () => oracle.requestId(a, a.vu, 'r', 'soak-vu001-1', 'soak-vu002-9'),
    ],
  ];
  const failures: string[] = [];
  for (const [name, shouldFlag, run] of cases) {
    const before = crosses.length;
    run();
    const flagged = crosses.length > before;
    if (flagged !== shouldFlag) failures.push(`${name}: ${flagged ? 'flagged' : 'not flagged'}`);
  }
  return failures;
}
