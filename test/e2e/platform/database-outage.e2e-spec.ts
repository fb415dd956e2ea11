import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { eventually, expectApiError, expectBareError, JSON_ACCEPT, registerViaApi } from '../../utils/api';
import { loginWithSession } from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { TcpProxy } from '../../utils/tcp-proxy';
import { createTestApp, FIRST_PARTY, resetDatabase, type TestApp } from '../../utils/test-app';

const UNAVAILABLE = 'Service temporarily unavailable. Please try again shortly.';

/** Repeats a request until it gets `status` (the pool may need a round to drop dead connections). */
async function untilStatus(send: () => Promise<request.Response>, status: number, attempts = 20) {
  let res = await send();
  for (let i = 1; i < attempts && res.status !== status; i++) res = await send();
  return res;
}

describe('database outage → 503, then recovery without a restart (contract §1)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let audit: ReturnType<typeof auditResponses>;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    proxy = await TcpProxy.forDatabase(url);
    t = await createTestApp({ DATABASE_URL: proxy.urlFor(url) });
    audit = auditResponses(t.server);
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });
  beforeEach(() => resetDatabase(t.db));
  afterEach(() => {
    proxy.restore();
    audit.assertClean();
  });

  it('a bearer request answers 503 JSON while the database is cut off, and 200 once it is back', async () => {
    const { user, headers } = await registerViaApi(t.server);
    const me = () => request(t.server).get('/api/user').set(headers);
    await me().expect(200);
    // Let the fire-and-forget last_used_at write land first, so the cut interrupts no query.
    const lastUsed = () =>
      t.db.query('SELECT last_used_at FROM personal_access_tokens WHERE user_id = $1', [user.id]);
    expect(
      (await eventually(lastUsed, (rows) => rows[0]?.last_used_at !== null))[0].last_used_at,
    ).not.toBeNull();

    proxy.cut();
    const down = await me();
    expectApiError(down, 503, UNAVAILABLE);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    // Still down on the next request: the pool cannot reconnect either.
    expectApiError(await me(), 503, UNAVAILABLE);
    // Routes that need no database keep answering.
    await request(t.server).get('/api/health').expect(200);

    proxy.restore();
    const back = await untilStatus(me, 200);
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({ id: user.id, email: user.email });
  });

  it('session routes and logins answer 503 (bare or envelope), never 500', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);

    proxy.cut();
    expectBareError(
      await request(t.server).get('/sanctum/csrf-cookie').set('Referer', `${FIRST_PARTY}/`),
      503,
      UNAVAILABLE,
    );
    expectApiError(await request(t.server).get('/api/user').set(s.headers), 503, UNAVAILABLE);
    const login = await request(t.server)
      .post('/api/login')
      .set(JSON_ACCEPT)
      .send({ email: user.email, password: user.plainPassword });
    expectApiError(login, 503, UNAVAILABLE);

    proxy.restore();
    const back = await untilStatus(() => request(t.server).get('/api/user').set(s.headers), 200);
    expect(back.body.data.id).toBe(user.id);
  });

  it('connections dropped while token lookups hold them: 401 or 503 JSON, the process lives on and recovers', async () => {
    const { user, token, headers } = await registerViaApi(t.server);
    // Well-formed tokens of ids that do not exist: every one is a lookup in the database.
    const secret = token.split('|')[1];
    const pool = (t.db.driver as unknown as { master: { waitingCount: number } }).master;
    proxy.stall();
    const inFlight = Array.from({ length: 12 }, (_, i) =>
      request(t.server)
        .get('/api/user')
        .set({ ...JSON_ACCEPT, Authorization: `Bearer ${900_000 + i}|${secret}` })
        .then((res) => res),
    );
    // Twelve lookups saturate the pool (one connection on the embedded database, ten on a server).
    const waiting = await eventually(
      async () => pool.waitingCount,
      (n) => n >= 2,
      20_000,
    );
    expect(waiting).toBeGreaterThanOrEqual(2);
    // The held connections break under their queries: an unheard 'error' event would end the process.
    proxy.cut();
    for (const res of await Promise.all(inFlight)) {
      expect([401, 503]).toContain(res.status);
      expect(res.body).toMatchObject({ success: false, data: null });
    }
    await request(t.server).get('/api/health').expect(200);
    proxy.restore();
    const back = await untilStatus(() => request(t.server).get('/api/user').set(headers), 200);
    expect(back.body.data).toMatchObject({ id: user.id, email: user.email });
  });
});
