import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLIENT_KINDS,
  FIRST_PARTY,
  generateRequest,
  type ClientCredentials,
  type ClientKind,
  type Focus,
  type FuzzContext,
  type FuzzRequest,
} from './generator';
import { HttpClient, setCookies, type Outcome } from './http';
import { judge, SecretRegistry } from './oracle';
import { loadOperations, type OpenApiDocument, type Operation } from './openapi';
import { Rng } from './prng';

export interface RunOptions {
  /** `http://127.0.0.1:PORT` of a running app. */
  baseUrl: string;
  seed: number;
  requests: number;
  /** Requests in flight at once (default 1: the same seed then meets the same server state). */
  concurrency?: number;
  /** A request without a complete response after this long is a hang (default 15 s). */
  timeoutMs?: number;
  /** Grants a role to an account (the harness has no HTTP way to make an admin); optional. */
  grantRole?: (email: string, role: string) => Promise<void>;
  /** Request bodies of failures over 2 KB are written here, and the reproductions point at them. */
  bodyDir?: string;
  sessionCookie?: string;
  log?: (line: string) => void;
}

export interface Failure {
  request: FuzzRequest;
  status?: number;
  problems: string[];
  /** The start of the response body. */
  excerpt: string;
  curl: string;
}

export interface RunResult {
  seed: number;
  requests: number;
  elapsedMs: number;
  operations: Operation[];
  byStatus: Map<number | 'none', number>;
  byOperation: Map<
    string,
    { total: number; statuses: Map<number | 'none', number>; clients: Set<ClientKind> }
  >;
  byClient: Map<ClientKind, number>;
  byFocus: Map<Focus, number>;
  failures: Failure[];
  /** Credential refreshes the harness made (logins again after a fuzz request logged a client out). */
  refreshes: number;
}

/**
 * Configuration that turns the three social providers on, every provider URL on a loopback port where
 * nothing listens: the redirect and callback routes then do their real work (and meet a provider
 * that refuses connections) instead of answering 404, and no request leaves the machine.
 */
export function socialProviderEnv(deadPort: number): Record<string, string> {
  const at = (path: string) => `http://127.0.0.1:${deadPort}/${path}`;
  return {
    GOOGLE_CLIENT_ID: 'fuzz-google',
    GOOGLE_CLIENT_SECRET: 'fuzz-google-secret',
    GOOGLE_AUTHORIZATION_URL: at('google/auth'),
    GOOGLE_TOKEN_URL: at('google/token'),
    GOOGLE_USERINFO_URL: at('google/userinfo'),
    FACEBOOK_CLIENT_ID: 'fuzz-facebook',
    FACEBOOK_CLIENT_SECRET: 'fuzz-facebook-secret',
    FACEBOOK_AUTHORIZATION_URL: at('facebook/dialog'),
    FACEBOOK_TOKEN_URL: at('facebook/token'),
    FACEBOOK_PROFILE_URL: at('facebook/me'),
    TWITTER_CONSUMER_KEY: 'fuzz-twitter',
    TWITTER_CONSUMER_SECRET: 'fuzz-twitter-secret',
    TWITTER_REQUEST_TOKEN_URL: at('twitter/request_token'),
    TWITTER_ACCESS_TOKEN_URL: at('twitter/access_token'),
    TWITTER_AUTHORIZATION_URL: at('twitter/authenticate'),
    TWITTER_PROFILE_URL: at('twitter/verify_credentials'),
  };
}

/** Every account the harness makes shares this password (fuzz bodies use it as the "right" one). */
export const FUZZ_PASSWORD = 'Fuzz-Harness-Pass-2026!';
const SESSION_COOKIE = 'app_session';

/**
 * The schedule: request i is operation × client pair i mod P (in an order shuffled per round), and
 * round r = floor(i / P) gives every pair the same focus: the sweep below first (so a short run covers
 * the most telling mutations everywhere), then focuses drawn by weight.
 */
const SWEEP_WITH_BODY: Focus[] = [
  'baseline',
  'null',
  'deep',
  'unicode',
  'encoding',
  'auth',
  'proto',
  'type',
  'container',
  'malformed',
  'content-type',
  'huge',
  'number',
  'string',
  'unknown',
  'path',
  'query',
  'headers',
  'method',
];
const SWEEP_WITHOUT_BODY: Focus[] = [
  'baseline',
  'auth',
  'path',
  'query',
  'unicode',
  'encoding',
  'deep',
  'proto',
  'headers',
  'method',
  'content-type',
  'huge',
  'null',
  'type',
];

const WEIGHTS_WITH_BODY: Array<[Focus, number]> = [
  ['baseline', 3],
  ['null', 8],
  ['type', 10],
  ['container', 6],
  ['deep', 5],
  ['huge', 4],
  ['unicode', 8],
  ['proto', 6],
  ['unknown', 4],
  ['number', 6],
  ['string', 6],
  ['malformed', 6],
  ['content-type', 7],
  ['encoding', 7],
  ['auth', 9],
  ['path', 4],
  ['query', 3],
  ['headers', 3],
  ['method', 2],
];
const WEIGHTS_WITHOUT_BODY: Array<[Focus, number]> = [
  ['baseline', 4],
  ['auth', 20],
  ['path', 18],
  ['query', 16],
  ['unicode', 8],
  ['encoding', 6],
  ['content-type', 5],
  ['deep', 5],
  ['proto', 5],
  ['headers', 6],
  ['method', 5],
  ['null', 3],
  ['type', 3],
  ['huge', 4],
];

/** Auth-state routes: a 2xx from one of them may have logged the client in, out, or elsewhere. */
const AUTH_STATE =
  /(^|\/)(login|logout|register|two-factor-challenge|password|sessions|browser-sessions|other-browser-sessions|roles)(\/|$|\?)/;

/** TOTP (RFC 6238: SHA-1, 6 digits, 30 s) for the harness's own 2FA user. */
export function totp(base32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

interface Account {
  id: number;
  email: string;
}

/** A tiny JSON client for the harness's own (well-formed) requests. */
class Harness {
  constructor(
    readonly http: HttpClient,
    private readonly secrets: SecretRegistry,
  ) {}

  async call(
    method: string,
    path: string,
    o: { body?: unknown; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<{ status: number; json: Record<string, unknown> | null; outcome: Outcome & { ok: true } }> {
    const headers: Array<[string, string]> = [
      ['Accept', 'application/json'],
      ...Object.entries(o.headers ?? {}),
    ];
    let body: Buffer | undefined;
    if (o.body !== undefined) {
      body = Buffer.from(JSON.stringify(o.body));
      headers.push(['Content-Type', 'application/json']);
    }
    const outcome = await this.http.send({ method, path, headers, body });
    if (!outcome.ok) throw new Error(`harness ${method} ${path}: ${outcome.error}`);
    this.secrets.learn({ method, path }, outcome);
    const text = outcome.body.toString('utf8');
    let json: Record<string, unknown> | null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    if (o.expect && !o.expect.includes(outcome.status))
      throw new Error(
        `harness ${method} ${path}: expected ${o.expect.join('/')}, got ${outcome.status}: ${text.slice(0, 300)}`,
      );
    return { status: outcome.status, json, outcome };
  }
}

const data = (json: Record<string, unknown> | null): Record<string, unknown> =>
  ((json?.data ?? json) as Record<string, unknown>) ?? {};

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** A browser-like cookie jar for one SPA session. */
class SpaSession {
  readonly jar = new Map<string, string>();

  absorb(outcome: Outcome): void {
    if (outcome.ok) for (const [k, v] of setCookies(outcome.headers)) this.jar.set(k, v);
  }

  get creds(): ClientCredentials {
    const xsrf = this.jar.get('XSRF-TOKEN');
    return { cookie: cookieHeader(this.jar), xsrf: xsrf ? decodeURIComponent(xsrf) : undefined };
  }

  headers(): Record<string, string> {
    const c = this.creds;
    return {
      Cookie: c.cookie ?? '',
      'X-XSRF-TOKEN': c.xsrf ?? '',
      Origin: FIRST_PARTY,
      Referer: `${FIRST_PARTY}/`,
    };
  }

  async start(h: Harness): Promise<void> {
    this.jar.clear();
    const r = await h.call('GET', '/sanctum/csrf-cookie', {
      headers: { Referer: `${FIRST_PARTY}/` },
      expect: [204],
    });
    this.absorb(r.outcome);
  }
}

/**
 * The fuzz run: reads the served OpenAPI document, makes its clients (anonymous, bearer, session)
 * and the resources their paths name, then sends `requests` generated requests and judges each answer.
 */
export async function runFuzz(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? (() => undefined);
  const concurrency = opts.concurrency ?? 1;
  const secrets = new SecretRegistry(opts.sessionCookie ?? SESSION_COOKIE);
  const http = new HttpClient(opts.baseUrl, opts.timeoutMs ?? 15_000, concurrency + 2);
  const h = new Harness(http, secrets);
  const tag = `${opts.seed.toString(36)}-${randomBytes(3).toString('hex')}`;
  const started = performance.now();

  try {
    const doc = (await h.call('GET', '/docs/json', { expect: [200] })).json as unknown as OpenApiDocument;
    const operations = loadOperations(doc);
    log(`OpenAPI: ${operations.length} operations`);

    // ---------------- accounts ----------------
    const register = async (kind: string): Promise<Account & { token: string }> => {
      const email = `fuzz-${kind}-${tag}-${randomBytes(3).toString('hex')}@example.com`;
      const r = await h.call('POST', '/api/register', {
        body: {
          email,
          password: FUZZ_PASSWORD,
          first_name: 'Fuzz',
          last_name: kind,
          birth_date: '1990-04-12',
        },
        expect: [201],
      });
      const d = data(r.json);
      const token = String(d.token);
      secrets.addToken(token);
      return { id: Number((d.user as Account).id), email, token };
    };
    const apiLogin = async (email: string): Promise<string> => {
      const r = await h.call('POST', '/api/login', {
        body: { email, password: FUZZ_PASSWORD },
        expect: [200],
      });
      const token = String(data(r.json).token);
      secrets.addToken(token);
      return token;
    };
    const bearerHeaders = (token: string) => ({ Authorization: `Bearer ${token}` });

    // Bearer client: a creator (and an admin, when the runner can grant it), logged in both ways.
    let bearerUser = await register('bearer');
    const grantAdmin = async (email: string): Promise<void> => {
      if (opts.grantRole) await opts.grantRole(email, 'admin');
    };
    await grantAdmin(bearerUser.email);
    const bearer: ClientCredentials = { bearer: await apiLogin(bearerUser.email) };

    // Session client: a producer registered through the SPA, logged in both ways.
    const spa = new SpaSession();
    await spa.start(h);
    const sessionEmail = `fuzz-session-${tag}@example.com`;
    const reg = await h.call('POST', '/register', {
      headers: spa.headers(),
      body: {
        email: sessionEmail,
        password: FUZZ_PASSWORD,
        password_confirmation: FUZZ_PASSWORD,
        first_name: 'Fuzz',
        last_name: 'Session',
        birth_date: '1990-04-12',
        account_type: 'producer',
      },
      expect: [201],
    });
    spa.absorb(reg.outcome);
    const sessionUser: Account = {
      id: Number(data(reg.json).id ?? (data(reg.json).user as Account | undefined)?.id ?? 0),
      email: sessionEmail,
    };
    const sessionToken = await apiLogin(sessionEmail);
    const spaLogin = async (): Promise<void> => {
      await spa.start(h);
      const r = await h.call('POST', '/login', {
        headers: spa.headers(),
        body: { email: sessionEmail, password: FUZZ_PASSWORD },
        expect: [200],
      });
      spa.absorb(r.outcome);
    };
    await spaLogin();
    const me = await h.call('GET', '/api/user', { headers: spa.headers(), expect: [200] });
    sessionUser.id = Number(data(me.json).id);

    // A 2FA user (its secret must never show outside the two TOTP endpoints) and a plain one:
    // the accounts that fuzzed login bodies name.
    const twoFactorUser = await register('2fa');
    const t2 = bearerHeaders(twoFactorUser.token);
    await h.call('POST', '/user/confirm-password', {
      headers: t2,
      body: { password: FUZZ_PASSWORD },
      expect: [200, 201],
    });
    await h.call('POST', '/user/two-factor-authentication', { headers: t2, expect: [200, 201] });
    const secretKey = String(
      data((await h.call('GET', '/user/two-factor-secret-key', { headers: t2, expect: [200] })).json)
        .secretKey,
    );
    secrets.addTotpSecret(secretKey);
    await h.call('POST', '/user/confirmed-two-factor-authentication', {
      headers: t2,
      body: { code: totp(secretKey) },
      expect: [200, 201],
    });
    const plainUser = await register('target');

    // The anonymous client's bare CSRF session (for session routes such as /login).
    const anonSpa = new SpaSession();
    await anonSpa.start(h);

    const creds: Record<ClientKind, ClientCredentials> = {
      anonymous: anonSpa.creds,
      bearer,
      session: spa.creds,
    };
    const ctx: FuzzContext = {
      password: FUZZ_PASSWORD,
      loginTargets: [
        { email: twoFactorUser.email, password: FUZZ_PASSWORD },
        { email: plainUser.email, password: FUZZ_PASSWORD },
      ],
      ids: {},
      foreignTokens: [plainUser.token, sessionToken, bearerUser.token],
    };

    // ---------------- resources the paths name ----------------
    const asBearer = () => bearerHeaders(creds.bearer.bearer ?? '');
    const userIds = () => [bearerUser.id, sessionUser.id, twoFactorUser.id, plainUser.id].map(String);
    const makeProduct = async (): Promise<void> => {
      const p = await h.call('POST', '/api/products', {
        headers: asBearer(),
        body: { title: 'Fuzz product', price: 9.99, status: 'published' },
        expect: [201],
      });
      const productId = String(data(p.json).id);
      ctx.ids.product = [productId];
      const media = await h.call('POST', `/api/products/${productId}/media`, {
        headers: asBearer(),
        body: { kind: 'image', url: 'https://cdn.example.com/p/1.jpg' },
        expect: [201],
      });
      ctx.ids.media = [String(data(media.json).id)];
      const tag = await h.call('POST', `/api/products/${productId}/consent-tags`, {
        headers: asBearer(),
        body: { user_id: sessionUser.id },
        expect: [201],
      });
      ctx.ids.tag = [String(data(tag.json).id)];
    };
    const makeTrack = async (): Promise<void> => {
      const t = await h.call('POST', '/tracks', {
        headers: spa.headers(),
        body: { title: 'Fuzz track', price: 4.5 },
        expect: [201],
      });
      ctx.ids.track = [String(data(t.json).id)];
      ctx.ids['GET /tracks/{id} {id}'] = ctx.ids.track;
    };
    // Ids that change as tokens and sessions come and go (a stale client leaves the old ones).
    const listTokenIds = async (): Promise<void> => {
      const tokens = await h.call('GET', '/api/user/sessions', { headers: asBearer() });
      if (tokens.status === 200)
        ctx.ids.tokenId = (data(tokens.json) as unknown as Array<{ id: number }>).map((t) => String(t.id));
    };
    const listBrowserSessions = async (): Promise<void> => {
      const sessions = await h.call('GET', '/user/browser-sessions', { headers: spa.headers() });
      if (sessions.status === 200)
        ctx.ids['DELETE /user/browser-sessions/{id} {id}'] = (
          sessions.json as unknown as Array<{ id: string }>
        ).map((s) => s.id);
    };
    await makeProduct();
    await makeTrack();
    await h.call('POST', '/beat-requests', {
      headers: spa.headers(),
      body: { title: 'Fuzz beat', budget: 10 },
      expect: [201],
    });
    await listTokenIds();
    await listBrowserSessions();
    ctx.ids.user = userIds();
    ctx.ids['GET /artists/{id} {id}'] = userIds();
    ctx.ids.artist = userIds();
    // Role changes only on the login targets: the clients keep the roles their routes need.
    ctx.ids['PUT /api/admin/users/{id}/roles {id}'] = [twoFactorUser.id, plainUser.id].map(String);
    ctx.ids.provider = ['google', 'facebook', 'twitter'];
    ctx.ids.token = [randomBytes(20).toString('hex')];
    log(
      `accounts: bearer ${bearerUser.email}${opts.grantRole ? ' (admin)' : ''}, session ${sessionEmail}, 2FA ${twoFactorUser.email}`,
    );

    // ---------------- keeping the clients logged in ----------------
    const stale = new Set<ClientKind>();
    const refreshing = new Map<ClientKind, Promise<void>>();
    let refreshes = 0;
    const refresh = async (kind: ClientKind): Promise<void> => {
      refreshes++;
      if (kind === 'anonymous') {
        await anonSpa.start(h);
        creds.anonymous = anonSpa.creds;
        return;
      }
      if (kind === 'bearer') {
        const check = await h.call('GET', '/api/user', { headers: asBearer() });
        if (check.status === 200 && data(check.json).email === bearerUser.email) return;
        const login = await h.call('POST', '/api/login', {
          body: { email: bearerUser.email, password: FUZZ_PASSWORD },
        });
        const token = login.status === 200 ? String(data(login.json).token) : undefined;
        if (token) {
          secrets.addToken(token);
          creds.bearer = { bearer: token };
        } else {
          // The account is gone for the harness (its password changed): carry on as a new one.
          log(`bearer client: login answered ${login.status}; registering a new account`);
          bearerUser = await register('bearer');
          await grantAdmin(bearerUser.email);
          creds.bearer = { bearer: bearerUser.token };
          await makeProduct();
        }
        await listTokenIds();
        return;
      }
      const check = await h.call('GET', '/api/user', { headers: spa.headers() });
      if (check.status === 200 && data(check.json).email === sessionEmail) {
        // Logged in still; make sure the XSRF token is the session's current one.
        const csrf = await h.call('GET', '/sanctum/csrf-cookie', { headers: spa.headers() });
        spa.absorb(csrf.outcome);
      } else await spaLogin();
      creds.session = spa.creds;
      await listBrowserSessions();
    };
    const ensureFresh = async (kind: ClientKind): Promise<void> => {
      if (!stale.has(kind)) return;
      let p = refreshing.get(kind);
      if (!p) {
        p = refresh(kind).finally(() => {
          stale.delete(kind);
          refreshing.delete(kind);
        });
        refreshing.set(kind, p);
      }
      await p;
    };

    // ---------------- the run ----------------
    const pairs: Array<[Operation, ClientKind]> = operations.flatMap((op) =>
      CLIENT_KINDS.map((c) => [op, c] as [Operation, ClientKind]),
    );
    const roundOrder = new Map<number, Array<[Operation, ClientKind]>>();
    const slot = (i: number): { op: Operation; client: ClientKind; focus: Focus } => {
      const round = Math.floor(i / pairs.length);
      let order = roundOrder.get(round);
      if (!order) {
        order = new Rng((opts.seed ^ Math.imul(round + 1, 0x2545f491)) >>> 0).shuffle(pairs);
        roundOrder.set(round, order);
        roundOrder.delete(round - 2);
      }
      const [op, client] = order[i % pairs.length];
      const withBody = op.bodyTypes.length > 0;
      const sweep = withBody ? SWEEP_WITH_BODY : SWEEP_WITHOUT_BODY;
      const focus =
        round < sweep.length
          ? sweep[round]
          : Rng.forRequest(opts.seed ^ 0x5bd1e995, i).weighted(
              withBody ? WEIGHTS_WITH_BODY : WEIGHTS_WITHOUT_BODY,
            );
      return { op, client, focus };
    };

    const result: RunResult = {
      seed: opts.seed,
      requests: opts.requests,
      elapsedMs: 0,
      operations,
      byStatus: new Map(),
      byOperation: new Map(
        operations.map((o) => [o.id, { total: 0, statuses: new Map(), clients: new Set<ClientKind>() }]),
      ),
      byClient: new Map(),
      byFocus: new Map(),
      failures: [],
      refreshes: 0,
    };
    const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

    let next = 0;
    let done = 0;
    const progressEvery = Math.max(100, Math.floor(opts.requests / 10));
    const worker = async (): Promise<void> => {
      while (next < opts.requests) {
        const i = next++;
        const { op, client, focus } = slot(i);
        await ensureFresh(client);
        let req: FuzzRequest;
        try {
          req = generateRequest(opts.seed, i, op, client, focus, ctx, creds[client]);
        } catch (err) {
          throw new Error(
            `generating request #${i} (${op.id} as ${client}, ${focus}): ${(err as Error).stack}`,
            { cause: err },
          );
        }
        const outcome = await http.send(req);
        const problems = judge(req, outcome, secrets);
        secrets.learn(req, outcome);
        const status = outcome.ok ? outcome.status : ('none' as const);
        bump(result.byStatus, status);
        bump(result.byClient, client);
        bump(result.byFocus, focus);
        const perOp = result.byOperation.get(op.id)!;
        perOp.total++;
        perOp.clients.add(client);
        bump(perOp.statuses, status);
        if (problems.length) {
          result.failures.push({
            request: req,
            status: outcome.ok ? outcome.status : undefined,
            problems,
            excerpt: outcome.ok ? outcome.body.toString('utf8').slice(0, 300) : '',
            curl: curlOf(opts.baseUrl, req, opts.bodyDir, opts.seed),
          });
        }
        if (outcome.ok) {
          const s = outcome.status;
          if (client !== 'anonymous' && req.authIntact && (s === 401 || s === 419)) stale.add(client);
          if (s < 300 && req.method !== 'GET' && AUTH_STATE.test(req.path)) stale.add(client);
          if (s < 300 && req.method === 'DELETE' && req.op.path.startsWith('/api/products/{product}')) {
            await makeProduct().catch((err: unknown) => log(`could not make a new product: ${String(err)}`));
          }
          if (s < 300 && req.method === 'DELETE' && req.op.path === '/api/user/sessions/{tokenId}')
            stale.add('bearer');
        }
        done++;
        if (done % progressEvery === 0)
          log(`${done}/${opts.requests} requests, ${result.failures.length} failures`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    result.refreshes = refreshes;
    result.elapsedMs = performance.now() - started;
    return result;
  } finally {
    http.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

/** A bash ANSI-C quoted string ($'…') of latin-1 or UTF-8 text. */
function ansiC(s: string | Buffer): string {
  const bytes = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  let out = "$'";
  for (const b of bytes) {
    if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === 0x0a) out += '\\n';
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/** A curl command that sends the same request (the credentials are those of the run). */
export function curlOf(baseUrl: string, req: FuzzRequest, bodyDir: string | undefined, seed: number): string {
  const parts = [`curl -sS -i -X ${req.method} ${ansiC(baseUrl + req.path)}`];
  for (const [k, v] of req.headers) parts.push(`-H ${ansiC(`${k}: ${v}`)}`);
  if (req.chunked) parts.push(`-H 'Transfer-Encoding: chunked'`);
  if (req.body) {
    if (req.body.length <= 2048) parts.push(`--data-binary ${ansiC(req.body)}`);
    else if (bodyDir) {
      mkdirSync(bodyDir, { recursive: true });
      const file = join(bodyDir, `seed-${seed}-request-${req.index}.body`);
      writeFileSync(file, req.body);
      parts.push(`--data-binary @${file}`);
    } else parts.push(`--data-binary '<${req.body.length} bytes: ${req.mutations.join('; ')}>'`);
  }
  return parts.join(' \\\n    ');
}

const fmtStatuses = (m: Map<number | 'none', number>): string =>
  [...m]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');

/** Counts by status, client, focus and operation, then every failure with its reproduction. */
export function formatReport(r: RunResult): string {
  const lines: string[] = [];
  lines.push(
    `Seed ${r.seed}: ${r.requests} requests over ${r.operations.length} operations in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.refreshes} credential refreshes)`,
  );
  lines.push('');
  lines.push(`By status:  ${fmtStatuses(r.byStatus)}`);
  lines.push(`By client:  ${[...r.byClient].map(([k, n]) => `${k}:${n}`).join(' ')}`);
  lines.push(
    `By focus:   ${[...r.byFocus]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}:${n}`)
      .join(' ')}`,
  );
  lines.push('');
  lines.push('By operation:');
  const width = Math.max(...r.operations.map((o) => o.id.length));
  for (const op of r.operations) {
    const s = r.byOperation.get(op.id)!;
    lines.push(`  ${op.id.padEnd(width)}  ${String(s.total).padStart(5)}  ${fmtStatuses(s.statuses)}`);
  }
  lines.push('');
  if (!r.failures.length) {
    lines.push('Failures: 0');
    return lines.join('\n');
  }
  lines.push(`Failures: ${r.failures.length}`);
  for (const f of r.failures) {
    const q = f.request;
    lines.push('');
    lines.push(
      `#${q.index} ${q.op.id} as ${q.client} [${q.focus}: ${q.mutations.join('; ')}] → ${f.status ?? 'no response'}`,
    );
    for (const p of f.problems) lines.push(`  - ${p}`);
    if (f.excerpt) lines.push(`  body: ${f.excerpt}`);
    lines.push(`  ${f.curl.replace(/\n/g, '\n  ')}`);
  }
  return lines.join('\n');
}
