import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { CredentialCache } from '../../../src/credential-cache/credential-cache';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { bearer, burst, crossedIdentities, expectAllAnswered, interleave } from '../../utils/concurrency';
import { sessionRow } from '../../utils/session-test-helpers';
import { TcpProxy } from '../../utils/tcp-proxy';
import { enableTwoFactor } from '../../utils/two-factor';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

const REDIS_URL = process.env.REDIS_URL || undefined;
const NEW_PASSWORD = 'Another-Strong-Passphrase-9';

const me = (t: TestApp, headers: Record<string, string>) => request(t.server).get('/api/user').set(headers);
const cacheOf = (t: TestApp) => t.app.get(CredentialCache);

/** Reads until the instance answers from memory, and proves it did: its hit count moved. */
async function servedFromMemory(t: TestApp, headers: Record<string, string>): Promise<void> {
  await me(t, headers).expect(200);
  await me(t, headers).expect(200);
  const hits = cacheOf(t).hits;
  await me(t, headers).expect(200);
  expect(cacheOf(t).hits).toBe(hits + 1);
}

/** A change made through `a` to `victim`, and what `b` must answer on its very next request. */
interface Revocation {
  name: string;
  run(a: TestApp, user: Awaited<ReturnType<typeof newUser>>, victim: Victim): Promise<void>;
  /** Default: the credential is refused (401). */
  after?(res: request.Response): void;
}

interface Victim {
  headers: Record<string, string>;
  /** The same user's credential on `a` that makes the change. */
  caller: Record<string, string>;
  tokenId?: string;
  sessionId?: string;
}

const newUser = (t: TestApp) => createUser(t.db, { email: `cache-${randomUUID()}@example.com` });

const REVOCATIONS: (Revocation & { via: 'token' | 'session' })[] = [
  {
    name: 'a token revoked from the token list',
    via: 'token',
    run: (a, _u, v) =>
      request(a.server)
        .delete(`/api/user/sessions/${v.tokenId}`)
        .set(v.caller)
        .expect(200)
        .then(() => undefined),
  },
  {
    name: 'a browser session ended from the sessions panel',
    via: 'session',
    run: (a, _u, v) =>
      request(a.server)
        .delete(`/user/browser-sessions/${v.sessionId}`)
        .set(v.caller)
        .expect(204)
        .then(() => undefined),
  },
  {
    name: 'every other browser session logged out',
    via: 'session',
    run: (a, u, v) =>
      request(a.server)
        .delete('/user/other-browser-sessions')
        .set(v.caller)
        .send({ password: u.plainPassword })
        .expect(204)
        .then(() => undefined),
  },
  {
    name: 'a password change',
    via: 'token',
    run: (a, u, v) =>
      request(a.server)
        .put('/user/password')
        .set(v.caller)
        .send({
          current_password: u.plainPassword,
          password: NEW_PASSWORD,
          password_confirmation: NEW_PASSWORD,
        })
        .expect(200)
        .then(() => undefined),
  },
  {
    name: 'a profile change (the user resource)',
    via: 'token',
    run: (a, _u, v) =>
      request(a.server)
        .put('/api/user/profile')
        .set(v.caller)
        .send({ first_name: 'Renamed' })
        .expect(200)
        .then(() => undefined),
    after: (res) => expect(res.status === 200 && res.body.data.first_name).toBe('Renamed'),
  },
  {
    name: 'two-factor authentication enabled (the user resource)',
    via: 'session',
    run: (a, u) => enableTwoFactor(a, u).then(() => undefined),
    after: (res) =>
      expect(res.status === 200 && res.body.data).toMatchObject({
        two_factor_enabled: true,
        two_factor_recovery_codes_remaining: 8,
      }),
  },
];

/**
 * The credential cache (docs/operations.md, "Credential cache"): authenticated reads come from
 * memory, and a revocation is refused on the very next request.
 */
describe('credential cache: one instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ IP_RATE_LIMIT: '100000' });
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  it.each(REVOCATIONS)('refuses or refreshes after $name, on the very next request', async (kind) => {
    const user = await newUser(t);
    const login = kind.via === 'token' ? loginWithToken : loginWithSession;
    const caller = await login(t.server, user.email, user.plainPassword);
    const victim = await login(t.server, user.email, user.plainPassword);
    const row = kind.via === 'session' ? await sessionRow(t.db, victim as never) : undefined;
    await servedFromMemory(t, victim.headers);

    await kind.run(t, user, {
      headers: victim.headers,
      caller: caller.headers,
      tokenId: (victim as { tokenId?: string }).tokenId,
      sessionId: row?.id,
    });

    const res = await me(t, victim.headers);
    if (kind.after) kind.after(res);
    else expect(res.status).toBe(401);
  });

  it('answers 40 concurrent cached reads of 8 accounts, each with its own user', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => newUser(t)));
    const tokens = await Promise.all(users.map((u) => loginWithToken(t.server, u.email, u.plainPassword)));
    for (const token of tokens) await servedFromMemory(t, token.headers);

    const sent = await burst(
      interleave(
        tokens.map((token, i) => ({ owner: users[i].id, token })),
        40,
      ),
      (o) => me(t, o.token.headers),
    );
    const answers = expectAllAnswered(sent);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect(sent.filter((s) => s.res!.body.data.id !== s.owner)).toEqual([]);
    const mismatched = await crossedIdentities(
      t.server,
      tokens.map((token, i) => ({
        owner: users[i].id,
        headers: bearer(token.token),
        expect: (u) => u.id === users[i].id,
      })),
    );
    expect(mismatched).toEqual([]);
  });

  it('keeps its own copy of the last use: the mark is written at most once a minute', async () => {
    const user = await newUser(t);
    const { tokenId, headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    t.clock.freeze(new Date('2026-12-01T10:00:00Z'));
    const lastUsed = async () =>
      (
        (await t.db.query('SELECT last_used_at FROM personal_access_tokens WHERE id = $1', [tokenId])) as {
          last_used_at: Date;
        }[]
      )[0].last_used_at.toISOString();
    await servedFromMemory(t, headers);
    // The background mark of the first read has landed once the row shows it.
    for (let i = 0; i < 50 && (await lastUsed()) !== '2026-12-01T10:00:00.000Z'; i++) await me(t, headers);
    expect(await lastUsed()).toBe('2026-12-01T10:00:00.000Z');

    t.clock.advance(59_000);
    await me(t, headers).expect(200);
    expect(await lastUsed()).toBe('2026-12-01T10:00:00.000Z');
    t.clock.advance(2_000);
    await me(t, headers).expect(200);
    for (let i = 0; i < 50 && (await lastUsed()) !== '2026-12-01T10:01:01.000Z'; i++) await me(t, headers);
    expect(await lastUsed()).toBe('2026-12-01T10:01:01.000Z');
  });
});

/** Without Redis, instances cannot tell each other: what holds is bounded by CREDENTIAL_CACHE_TTL. */
describe('credential cache: two instances without Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ REDIS_URL: undefined, CREDENTIAL_CACHE_TTL: '30' });
    b = await createTestApp({ REDIS_URL: undefined, CREDENTIAL_CACHE_TTL: '30' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  beforeEach(() => resetDatabase(a.db));

  it('serves a token revoked on A from B’s memory for at most CREDENTIAL_CACHE_TTL seconds', async () => {
    const user = await newUser(a);
    const token = await loginWithToken(a.server, user.email, user.plainPassword);
    b.clock.freeze();
    await servedFromMemory(b, token.headers);
    await request(a.server).post('/api/logout').set(token.headers).expect(200);
    await me(a, token.headers).expect(401);

    await me(b, token.headers).expect(200);
    b.clock.advance(30_000);
    await me(b, token.headers).expect(401);
  });
});

(REDIS_URL ? describe : describe.skip)('credential cache: two instances, one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let proxy: TcpProxy;
  let prefix: string;
  beforeAll(async () => {
    // One deployment: one key namespace. B reaches Redis through a proxy the tests can cut.
    const REDIS_PREFIX = `cache-${randomUUID()}`;
    prefix = REDIS_PREFIX;
    proxy = await TcpProxy.forDatabase(REDIS_URL!);
    a = await createTestApp({ REDIS_URL, REDIS_PREFIX, IP_RATE_LIMIT: '100000' });
    b = await createTestApp({ REDIS_URL: proxy.urlFor(REDIS_URL!), REDIS_PREFIX, IP_RATE_LIMIT: '100000' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await proxy.close();
  });
  beforeEach(async () => {
    proxy.restore();
    await resetDatabase(a.db);
  });

  it.each(REVOCATIONS)(
    'B refuses or refreshes after $name through A, on its very next request',
    async (kind) => {
      const user = await newUser(a);
      const login = kind.via === 'token' ? loginWithToken : loginWithSession;
      const caller = await login(a.server, user.email, user.plainPassword);
      const victim = await login(a.server, user.email, user.plainPassword);
      const row = kind.via === 'session' ? await sessionRow(a.db, victim as never) : undefined;
      await servedFromMemory(b, victim.headers);

      await kind.run(a, user, {
        headers: victim.headers,
        caller: caller.headers,
        tokenId: (victim as { tokenId?: string }).tokenId,
        sessionId: row?.id,
      });

      const res = await me(b, victim.headers);
      if (kind.after) kind.after(res);
      else expect(res.status).toBe(401);
    },
  );

  it('B applies a role change made through A on its very next request', async () => {
    const admin = await createUser(a.db, { roles: [Role.Admin] });
    const adminLogin = await loginWithToken(a.server, admin.email, admin.plainPassword);
    const user = await newUser(a);
    const token = await loginWithToken(a.server, user.email, user.plainPassword);
    await servedFromMemory(b, token.headers);
    await request(b.server).get('/api/admin/users').set(token.headers).expect(403);

    await request(a.server)
      .put(`/api/admin/users/${user.id}/roles`)
      .set(adminLogin.headers)
      .send({ roles: ['admin'] })
      .expect(200);

    expect((await me(b, token.headers).expect(200)).body.data.roles).toEqual(['admin']);
    await request(b.server).get('/api/admin/users').set(token.headers).expect(200);
  });

  it('takes a version key that Redis lost (evicted, expired) for a change, never for "unchanged"', async () => {
    const user = await newUser(a);
    const token = await loginWithToken(a.server, user.email, user.plainPassword);
    await servedFromMemory(b, token.headers);
    await request(a.server).post('/api/logout').set(token.headers).expect(200);

    const redis = new Redis(REDIS_URL!);
    try {
      expect(await redis.del(`${prefix}:cred:t:${token.tokenId}`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    await me(b, token.headers).expect(401);
  });

  it('B reads the database, never its memory, while it cannot reach Redis', async () => {
    const user = await newUser(a);
    const token = await loginWithToken(a.server, user.email, user.plainPassword);
    await servedFromMemory(b, token.headers);

    proxy.cut();
    await request(a.server).post('/api/logout').set(token.headers).expect(200);
    const hits = cacheOf(b).hits;
    await me(b, token.headers).expect(401);
    expect(cacheOf(b).hits).toBe(hits);

    // And a live credential keeps working from the database meanwhile.
    const other = await loginWithToken(a.server, user.email, user.plainPassword);
    await me(b, other.headers).expect(200);
  });
});
