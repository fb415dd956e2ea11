import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import passport from 'passport';
import request from 'supertest';
import { MailService } from '../../src/mail/mail.service';
import { createUser } from '../factories/users.factory';
import { absorb, loginWithToken, startBrowserSession } from '../utils/auth-helpers';
import { bearer, burst, expectAllAnswered, firstParty } from '../utils/concurrency';
import { landing, person, SocialFixture, socialLogin, spa, type Provider } from '../utils/social-flow';
import { resetDatabase, type TestApp } from '../utils/test-app';
import {
  apiChallenge,
  codeAt,
  enableTwoFactor,
  FROZEN_AT,
  pendingCookieLogin,
  type TwoFactorUser,
} from '../utils/two-factor';

/**
 * Singletons must not keep per-request state. Every singleton the Nest container holds (providers,
 * controllers, route guards/interceptors, global filters/pipes/interceptors) and every Passport
 * strategy reachable from one is snapshotted: its own properties, and those of each object one
 * level below it (own properties, Map entries, Set members, array elements). A concurrent mixed
 * burst of several users then goes through the HTTP server (SPA and API logins, bearer reads,
 * social redirect + callback through every provider, 2FA challenges, failed logins, logouts), and any
 * slot that was added, removed or re-assigned to another value is reported, unless ALLOWED lists
 * it. This is what caught passport writing success/fail/redirect onto the app's shared strategy.
 */

/** What a listed slot may legitimately do during the burst. */
type Allowance =
  /** A cache Map/Set that gains entries; no entry may be removed or change its value. */
  | 'gain-entries'
  /** A lazily computed field: absent or undefined before, set once. */
  | 'be-set-once'
  /** A cache swapped as a whole for a freshly loaded one. */
  | 'be-replaced'
  /** A cache keyed by credential (never by request) whose entries come, go and refill. */
  | 'keyed-by-credential'
  /** A counter that only goes up. */
  | 'count-up';

/** Legitimate lazily-filled caches, by `Root.slot` path. Anything else that changes is a failure. */
const ALLOWED: Record<string, Allowance> = {
  // One rate-limiter-flexible limiter per LimitSpec, created on its first use; the counters inside
  // are keyed by the throttle key (email|ip, user id, ...), never by request.
  'ThrottleService.limiters': 'gain-entries',
  // The dummy bcrypt hash that makes "no such user" cost a real compare: computed on the first such login.
  'PasswordHasher.dummy': 'be-set-once',
  // The currencies reference table, reloaded wholesale when an id misses (a currency added since boot).
  'CurrenciesService.byId': 'be-replaced',
  // With REDIS_URL: rate-limiter-flexible's RateLimiterRedis constructor (re)defines its Lua command
  // on the shared ioredis client, so creating a limiter (see ThrottleService.limiters) swaps these
  // for equivalent ones: always the same built-in script, as no customIncrTtlLuaScript is passed.
  'ThrottleService.redis.rlflxIncr': 'be-replaced',
  'ThrottleService.redis.rlflxIncrBuffer': 'be-replaced',
  // Tokens by id and sessions by cookie hash: filled on reads, evicted by revocations. Whose
  // credential each request got back is checked by the concurrency suites, not by this census.
  'CredentialCache.entries': 'keyed-by-credential',
  // Bumped by every change, so that a read racing one does not store what it read.
  'CredentialCache.generation': 'count-up',
  'CredentialCache.hits': 'count-up',
  'CredentialCache.misses': 'count-up',
};

// ---------------------------------------------------------------------------------------------
// Snapshots

/** A slot name (`.prop`, `[3]`, `.get("key")`, `.has(#2)`) and what it held. */
type Slots = Map<string, unknown>;

interface Root {
  name: string;
  value: object;
}

interface RootState {
  self: Slots;
  /** The slots of every object held by one of the root's slots, by that slot. */
  below: Map<string, { held: object; slots: Slots }>;
}

const ids = new WeakMap<object, number>();
let lastId = 0;
const idOf = (o: object): number => {
  if (!ids.has(o)) ids.set(o, ++lastId);
  return ids.get(o)!;
};
/** A Map key or Set member as a stable label (objects by identity). */
const keyLabel = (k: unknown): string =>
  k !== null && (typeof k === 'object' || typeof k === 'function')
    ? `#${idOf(k)}`
    : JSON.stringify(String(k));

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** Own properties (accessors by their getter, never invoked), Map entries and Set members. */
function slotsOf(obj: object): Slots {
  const out: Slots = new Map();
  // Bytes (keys, buffers) are data, not fields: their identity is compared one level up.
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return out;
  const isArray = Array.isArray(obj);
  for (const key of Reflect.ownKeys(obj)) {
    const d = Object.getOwnPropertyDescriptor(obj, key)!;
    const name = isArray && typeof key === 'string' && /^\d+$/.test(key) ? `[${key}]` : `.${String(key)}`;
    out.set(name, 'value' in d ? d.value : d.get);
  }
  if (obj instanceof Map) for (const [k, v] of obj) out.set(`.get(${keyLabel(k)})`, v);
  if (obj instanceof Set) for (const v of obj) out.set(`.has(${keyLabel(v)})`, v);
  return out;
}

function snapshot(roots: Root[]): Map<object, RootState> {
  const states = new Map<object, RootState>();
  for (const { value } of roots) {
    const self = slotsOf(value);
    const below = new Map<string, { held: object; slots: Slots }>();
    for (const [slot, held] of self) if (isObject(held)) below.set(slot, { held, slots: slotsOf(held) });
    states.set(value, { self, below });
  }
  return states;
}

const describeValue = (v: unknown): string => {
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (isObject(v))
    return v instanceof Map || v instanceof Set
      ? `${v.constructor.name}(${v.size})`
      : (v.constructor?.name ?? 'object');
  return JSON.stringify(v) ?? String(v);
};

interface Change {
  path: string;
  kind: 'added' | 'removed' | 're-assigned';
  before?: unknown;
  after?: unknown;
}

function diffSlots(prefix: string, before: Slots, after: Slots): Change[] {
  const changes: Change[] = [];
  for (const [slot, was] of before) {
    if (!after.has(slot)) changes.push({ path: prefix + slot, kind: 'removed', before: was });
    else if (!Object.is(was, after.get(slot)))
      changes.push({ path: prefix + slot, kind: 're-assigned', before: was, after: after.get(slot) });
  }
  for (const [slot, now] of after)
    if (!before.has(slot)) changes.push({ path: prefix + slot, kind: 'added', after: now });
  return changes;
}

function diff(roots: Root[], before: Map<object, RootState>, after: Map<object, RootState>): Change[] {
  const changes: Change[] = [];
  // An object held by several roots is compared once: as a root if it is one (PasswordHasher is
  // injected in many services), else under the first root that holds it.
  const compared = new WeakSet<object>(roots.map((r) => r.value));
  for (const { name, value } of roots) {
    const b = before.get(value)!;
    const a = after.get(value)!;
    changes.push(...diffSlots(name, b.self, a.self));
    for (const [slot, { held, slots }] of b.below) {
      const now = a.below.get(slot);
      // A held object that was replaced is reported above; its insides are not compared.
      if (!now || now.held !== held || compared.has(held)) continue;
      compared.add(held);
      changes.push(...diffSlots(name + slot, slots, now.slots));
    }
  }
  return changes;
}

/** Whether ALLOWED covers the change (the parent slot of a Map/Set entry, or the slot itself). */
function allowed(c: Change): boolean {
  for (const [path, may] of Object.entries(ALLOWED)) {
    if (
      may === 'gain-entries' &&
      c.kind === 'added' &&
      /^\.(get|has)\(/.test(c.path.slice(path.length)) &&
      c.path.startsWith(path)
    )
      return true;
    if (
      may === 'be-set-once' &&
      c.path === path &&
      (c.kind === 'added' || (c.kind === 're-assigned' && c.before === undefined))
    )
      return true;
    if (may === 'be-replaced' && c.path === path && c.kind === 're-assigned') return true;
    if (may === 'keyed-by-credential' && /^\.get\("(token|session|resource):/.test(c.path.slice(path.length)))
      return true;
    if (
      may === 'count-up' &&
      c.path === path &&
      c.kind === 're-assigned' &&
      typeof c.before === 'number' &&
      typeof c.after === 'number' &&
      c.after > c.before
    )
      return true;
  }
  return false;
}

const report = (c: Change): string =>
  `${c.path}: ${c.kind}` +
  (c.kind === 'added' ? ` (${describeValue(c.after)})` : '') +
  (c.kind === 'removed' ? ` (was ${describeValue(c.before)})` : '') +
  (c.kind === 're-assigned' ? ` (${describeValue(c.before)} -> ${describeValue(c.after)})` : '');

// ---------------------------------------------------------------------------------------------
// The singletons

/**
 * Every static (default-scoped) instance of every module: providers, controllers, injectables
 * (route guards, interceptors, pipes) and middleware; the global enhancers setupApp() created
 * itself; then every Passport strategy within three levels of one of those (the social
 * strategies live in a Map of SocialProviders).
 */
function singletons(app: NestFastifyApplication): Root[] {
  const roots = new Map<object, string>();
  const names = new Set<string>();
  const add = (value: object, name: string, where: string) => {
    if (roots.has(value)) return;
    let unique = names.has(name) ? `${name}@${where}` : name;
    for (let i = 2; names.has(unique); i++) unique = `${name}@${where}#${i}`;
    names.add(unique);
    roots.set(value, unique);
  };
  for (const module of app.get(ModulesContainer).values()) {
    for (const collection of [module.providers, module.controllers, module.injectables, module.middlewares]) {
      for (const wrapper of collection.values()) {
        if (wrapper.isTransient || !wrapper.isDependencyTreeStatic()) continue;
        const instance: unknown = wrapper.instance;
        if (isObject(instance)) add(instance, String(wrapper.name ?? instance.constructor.name), module.name);
      }
    }
  }
  const config = app.get(ApplicationConfig);
  for (const enhancer of [
    ...config.getGlobalFilters(),
    ...config.getGlobalPipes(),
    ...config.getGlobalInterceptors(),
    ...config.getGlobalGuards(),
  ]) {
    add(enhancer, enhancer.constructor.name, 'global');
  }

  const seen = new WeakSet<object>();
  const queue = [...roots].map(([value, name]) => ({ value, path: name, depth: 0 }));
  while (queue.length) {
    const { value, path, depth } = queue.shift()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (value instanceof passport.Strategy) add(value, path, 'strategy');
    if (depth === 3) continue;
    for (const [slot, held] of slotsOf(value)) {
      if (isObject(held)) queue.push({ value: held, path: path + slot, depth: depth + 1 });
    }
  }
  return [...roots].map(([value, name]) => ({ name, value }));
}

// ---------------------------------------------------------------------------------------------
// The burst

interface Account extends TwoFactorUser {
  token?: string;
}

function expectStatus(res: request.Response, status: number, what: string): request.Response {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 200)}`);
  return res;
}

function expectUser(res: request.Response, email: string, what: string): request.Response {
  expectStatus(res, 200, what);
  const got = (res.body?.data ?? res.body)?.email;
  if (got !== email) throw new Error(`${what} sent for ${email} answered for ${got}`);
  return res;
}

describe('singletons keep no per-request state', () => {
  const fx = new SocialFixture();
  let t: TestApp;

  beforeAll(async () => {
    t = await fx.start();
    await resetDatabase(t.db);
    fx.twitter.reset();
    t.clock.freeze(FROZEN_AT);
    // A listening server: supertest then neither starts nor stops one per request.
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(() => fx.stop());

  it('a concurrent mixed burst adds, removes or re-assigns nothing on any singleton', async () => {
    // One after another: the factory numbers its emails when it writes them.
    const accounts: Account[] = [];
    for (let i = 0; i < 5; i++) accounts.push(await createUser(t.db));
    const [a, b, c, d, e] = accounts;
    // 2FA is turned on through the API (the clock then moves one step on, so the codes below are fresh).
    const twoFactorD = await enableTwoFactor(t, d);
    const twoFactorE = await enableTwoFactor(t, e);
    for (const u of [a, b, c]) u.token = (await loginWithToken(t.server, u.email, u.plainPassword)).token;
    const codeD = await codeAt(t, twoFactorD.secret);
    const codeE = await codeAt(t, twoFactorE.secret);
    const social = { google: person(), facebook: person(), twitter: person() } as Record<
      Provider,
      ReturnType<typeof person>
    >;
    for (const p of Object.keys(social) as Provider[]) fx.setProfile(p, social[p]);
    // The Google person signs in once now, so that in the burst two of their returning logins run
    // through the same strategy at once; Facebook and Twitter create their accounts in the burst.
    await socialLogin(t, 'google');

    const roots = singletons(t.app);
    const kinds = new Set(roots.map((r) => r.value.constructor.name));
    // The enumeration must reach what matters, or an empty diff would prove nothing.
    for (const expected of [
      'GoogleStrategy',
      'FacebookStrategy',
      'TwitterStrategy',
      'LoginPipeline',
      'AttemptToAuthenticate',
      'RedirectIfTwoFactorAuthenticatable',
      'IssueCredential',
      'AuthenticationGuard',
      'CsrfGuard',
      'IpRateLimitGuard',
      'HttpExceptionFilter',
      'ValidationPipe',
      'SessionsService',
      'RequestSession',
      'AccountEvents',
      'SocialProviders',
      'ThrottleService',
      'SpaAuthController',
    ])
      expect(kinds).toContain(expected);

    const spaLogin = async (u: Account) => {
      const anon = await startBrowserSession(t.server);
      const login = expectStatus(
        await request(t.server)
          .post('/login')
          .set(anon.headers)
          .send({ email: u.email, password: u.plainPassword }),
        200,
        'POST /login',
      );
      const session = absorb(anon, login);
      expectUser(
        await request(t.server).get('/api/user').set(firstParty(session.cookie)),
        u.email,
        'GET /api/user',
      );
      return expectStatus(await request(t.server).post('/logout').set(session.headers), 204, 'POST /logout');
    };
    const apiLogin = async (u: Account) => {
      const login = expectStatus(
        await request(t.server).post('/api/login').send({ email: u.email, password: u.plainPassword }),
        200,
        'POST /api/login',
      );
      const headers = bearer(login.body.data.token as string);
      expectUser(await request(t.server).get('/api/user').set(headers), u.email, 'GET /api/user');
      return expectStatus(await request(t.server).post('/api/logout').set(headers), 200, 'POST /api/logout');
    };
    const bearerReads = async (u: Account) => {
      expectUser(await request(t.server).get('/api/user').set(bearer(u.token!)), u.email, 'GET /api/user');
      return expectStatus(
        await request(t.server).get('/api/user/sessions').set(bearer(u.token!)),
        200,
        'GET sessions',
      );
    };
    const socialFlow = async (p: Provider) => {
      const done = await socialLogin(t, p);
      if (landing(done.location).status !== 'success')
        throw new Error(`${p} landed on ${done.location.toString()}`);
      return expectUser(
        await request(t.server).get('/api/user').set(spa(done.session)),
        social[p].email!,
        'GET /api/user',
      );
    };
    const twoFactorSpa = async (u: Account, code: string) => {
      const pending = await pendingCookieLogin(t, u);
      const done = expectStatus(
        await request(t.server).post('/two-factor-challenge').set(pending.headers).send({ code }),
        204,
        'POST /two-factor-challenge',
      );
      const session = absorb(pending, done);
      return expectUser(
        await request(t.server).get('/api/user').set(firstParty(session.cookie)),
        u.email,
        'GET /api/user',
      );
    };
    const twoFactorApi = async (u: Account, code: string) => {
      const challenge = await apiChallenge(t, u);
      const done = expectStatus(
        await request(t.server).post('/api/two-factor-challenge').send({ challenge, code }),
        200,
        'POST /api/two-factor-challenge',
      );
      return expectUser(
        await request(t.server).get('/api/user').set(bearer(done.body.data.token)),
        u.email,
        'GET /api/user',
      );
    };
    const failedLogin = async (email: string) =>
      expectStatus(
        await request(t.server).post('/api/login').send({ email, password: 'Wrong-Password-1' }),
        422,
        'bad login',
      );

    const flows: { owner: string; run: () => Promise<request.Response> }[] = [
      { owner: 'spa a', run: () => spaLogin(a) },
      { owner: 'spa b', run: () => spaLogin(b) },
      { owner: 'api c', run: () => apiLogin(c) },
      { owner: 'api a', run: () => apiLogin(a) },
      { owner: 'bad password b', run: () => failedLogin(b.email) },
      { owner: 'unknown email', run: () => failedLogin('nobody-here@example.com') },
      ...[a, b, c, a, b, c].map((u) => ({ owner: `reads ${u.email}`, run: () => bearerReads(u) })),
      ...(['google', 'google', 'facebook', 'twitter'] as Provider[]).map((p) => ({
        owner: `social ${p}`,
        run: () => socialFlow(p),
      })),
      { owner: '2fa spa d', run: () => twoFactorSpa(d, codeD) },
      { owner: '2fa api e', run: () => twoFactorApi(e, codeE) },
    ];

    // Mail (the setup's security notices, any of the burst's) leaves after the response: the
    // queue is empty at both snapshots, so in-flight jobs never show up as a change.
    const mail = t.app.get(MailService);
    await mail.drain();
    const before = snapshot(roots);
    const sent = await burst(flows, (f) => f.run());
    await mail.drain();
    const changes = diff(roots, before, snapshot(roots));

    expect(changes.filter((ch) => !allowed(ch)).map(report)).toEqual([]);
    expectAllAnswered(sent);
  });
});
