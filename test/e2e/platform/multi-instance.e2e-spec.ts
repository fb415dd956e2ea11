import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { sessionRow } from '../../utils/session-test-helpers';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

const REDIS_URL = process.env.REDIS_URL || undefined;

/**
 * Two instances of the app on one database (and one Redis when REDIS_URL is set). Nothing is
 * flushed globally: emails are unique per run because Redis keeps throttle counters across runs.
 */
describe(`Two app instances on one database (${REDIS_URL ? 'shared Redis' : 'in-memory stores'})`, () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A high IP limit: with Redis the per-IP counters are shared with every other run on this machine.
    // One deployment: both instances share the Redis key namespace (tests otherwise get one each).
    const REDIS_PREFIX = `multi-instance-${randomUUID()}`;
    // Without Redis, several instances run without the credential cache (docs/operations.md): with
    // it, what holds is bounded by its TTL instead (credential-cache.e2e-spec.ts shows it).
    const CREDENTIAL_CACHE_TTL = REDIS_URL ? undefined : '0';
    a = await createTestApp({ REDIS_URL, REDIS_PREFIX, IP_RATE_LIMIT: '100000', CREDENTIAL_CACHE_TTL });
    b = await createTestApp({ REDIS_URL, REDIS_PREFIX, IP_RATE_LIMIT: '100000', CREDENTIAL_CACHE_TTL });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  // One reset per test, from one app: it truncates the tables both instances share.
  beforeEach(() => resetDatabase(a.db));

  const newUser = () => createUser(a.db, { email: `multi-${randomUUID()}@example.com` });
  const me = (app: TestApp, headers: Record<string, string>) =>
    request(app.server).get('/api/user').set(headers);
  /** Three reads: with the cache on, B answers the last from memory (the first two fill it). */
  const warm = async (app: TestApp, headers: Record<string, string>) => {
    for (let i = 0; i < 3; i++) await me(app, headers).expect(200);
  };

  it('credentials issued by A work on B', async () => {
    const user = await newUser();
    const session = await loginWithSession(a.server, user.email, user.plainPassword);
    const token = await loginWithToken(a.server, user.email, user.plainPassword);
    expect((await me(b, session.headers).expect(200)).body.data.id).toBe(user.id);
    expect((await me(b, token.headers).expect(200)).body.data.id).toBe(user.id);
  });

  it('a token revoked through A is refused by B on its very next request', async () => {
    const user = await newUser();
    const caller = await loginWithToken(a.server, user.email, user.plainPassword);
    const victim = await loginWithToken(a.server, user.email, user.plainPassword);
    await warm(b, victim.headers);

    await request(a.server).delete(`/api/user/sessions/${victim.tokenId}`).set(caller.headers).expect(200);

    const res = await me(b, victim.headers).expect(401);
    expect(res.body.errors_message).toBe('Unauthenticated.');
    await me(b, caller.headers).expect(200);
  });

  it('a browser session ended through A is refused by B on its very next request', async () => {
    const user = await newUser();
    const caller = await loginWithSession(a.server, user.email, user.plainPassword);
    const victim = await loginWithSession(a.server, user.email, user.plainPassword);
    const { id } = (await sessionRow(a.db, victim))!;
    await warm(b, victim.headers);
    await request(b.server).get('/user/browser-sessions').set(victim.headers).expect(200);

    await request(a.server).delete(`/user/browser-sessions/${id}`).set(caller.headers).expect(204);

    const res = await request(b.server).get('/user/browser-sessions').set(victim.headers).expect(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.' });
    await me(b, caller.headers).expect(200);
  });

  it('a password change through A ends the other sessions and tokens on B at once', async () => {
    const user = await newUser();
    const caller = await loginWithSession(a.server, user.email, user.plainPassword);
    const otherSession = await loginWithSession(b.server, user.email, user.plainPassword);
    const otherToken = await loginWithToken(b.server, user.email, user.plainPassword);
    await warm(b, otherSession.headers);
    await warm(b, otherToken.headers);

    await request(a.server)
      .put('/user/password')
      .set(caller.headers)
      .send({
        current_password: user.plainPassword,
        password: 'Another-Strong-Passphrase-9',
        password_confirmation: 'Another-Strong-Passphrase-9',
      })
      .expect(200);

    await me(b, otherSession.headers).expect(401);
    await me(b, otherToken.headers).expect(401);
    await me(b, caller.headers).expect(200);
  });

  it('a logout through A is refused by B on its very next request', async () => {
    const user = await newUser();
    const token = await loginWithToken(a.server, user.email, user.plainPassword);
    const session = await loginWithSession(a.server, user.email, user.plainPassword);
    await warm(b, token.headers);
    await warm(b, session.headers);

    await request(a.server).post('/api/logout').set(token.headers).expect(200);
    await request(a.server).post('/logout').set(session.headers).expect(204);

    await me(b, token.headers).expect(401);
    await me(b, session.headers).expect(401);
  });

  /** One login through POST /api/login/batch: the same login pipeline as /api/login, one row. */
  async function login(app: TestApp, email: string, password: string) {
    const res = await request(app.server)
      .post('/api/login/batch')
      .set('Accept', 'application/json')
      .send({ accounts: [{ email, password }] })
      .expect(200);
    return res.body.data.results[0] as { success: boolean; errors_message?: string };
  }

  async function failFiveTimesOnA(email: string) {
    for (let i = 0; i < 5; i++) {
      const row = await login(a, email, `Wrong-Password-${i}`);
      expect(row.errors_message).toBe('These credentials do not match our records.');
    }
  }

  if (REDIS_URL) {
    it('shares the login throttle through Redis: 5 failures on A, the 6th attempt on B is throttled', async () => {
      const user = await newUser();
      await failFiveTimesOnA(user.email);
      expect(await login(b, user.email, user.plainPassword)).toMatchObject({
        success: false,
        errors_message: 'Too Many Attempts.',
      });
      expect((await login(a, user.email, user.plainPassword)).errors_message).toBe('Too Many Attempts.');
    });
  } else {
    it('keeps the login throttle per instance without Redis: A throttles, B does not', async () => {
      const user = await newUser();
      await failFiveTimesOnA(user.email);
      expect(await login(a, user.email, user.plainPassword)).toMatchObject({
        success: false,
        errors_message: 'Too Many Attempts.',
      });
      expect(await login(b, user.email, user.plainPassword)).toMatchObject({ success: true });
    });
  }
});
