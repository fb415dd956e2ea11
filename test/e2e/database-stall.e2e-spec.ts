import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../factories/users.factory';
import { expectApiError, JSON_ACCEPT } from '../utils/api';
import { loginWithToken } from '../utils/auth-helpers';
import { bearer, burst, CLIENT_TIMEOUT_MS, interleave } from '../utils/concurrency';
import { TcpProxy } from '../utils/tcp-proxy';
import { createTestApp, resetDatabase, type TestApp } from '../utils/test-app';

const UNAVAILABLE = 'Service temporarily unavailable. Please try again shortly.';
/** The app's pool size on a real server (one connection on the embedded one). */
const POOL_MAX = 10;

/**
 * A database that accepts connections and never answers: requests get a 503 within the driver's
 * connection and query timeouts (seconds, not the request deadline), a circuit then answers the
 * rest at once, so the stall attracts a bounded number of connections, and the first request
 * after the database is back succeeds.
 */
describe('stalled database → bounded 503s, then recovery', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    proxy = await TcpProxy.forDatabase(url);
    // The request deadline stays far away: the database timeouts alone must bound the wait.
    t = await createTestApp({
      DATABASE_URL: proxy.urlFor(url),
      REQUEST_TIMEOUT: '60',
      IP_RATE_LIMIT: '10000',
    });
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.close();
  });
  beforeEach(() => resetDatabase(t.db));
  afterEach(() => proxy.restore());

  it('answers 30 concurrent requests of 5 users 503 while stalled, with a bounded number of connections', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => createUser(t.db)));
    const tokens = await Promise.all(users.map((u) => loginWithToken(t.server, u.email, u.plainPassword)));
    const owners = users.map((u, i) => ({ owner: u.id, user: u, token: tokens[i].token }));

    proxy.stall();
    const before = proxy.accepted;
    const first = await burst(interleave(owners, 30), (o) =>
      o.owner % 2
        ? request(t.server).get('/api/user').set(bearer(o.token))
        : request(t.server)
            .post('/api/login')
            .set(JSON_ACCEPT)
            .send({ email: o.user.email, password: o.user.plainPassword }),
    );
    expect(first.filter((s) => s.error)).toEqual([]);
    for (const s of first) expectApiError(s.res!, 503, UNAVAILABLE);
    // Once tripped, the circuit keeps further requests off the dead database.
    const second = await burst(interleave(owners, 30), (o) =>
      request(t.server).get('/api/user').set(bearer(o.token)),
    );
    for (const s of second) expectApiError(s.res!, 503, UNAVAILABLE);
    expect(proxy.accepted - before).toBeLessThanOrEqual(POOL_MAX + 1);
    await request(t.server).get('/api/health').timeout(CLIENT_TIMEOUT_MS).expect(200);

    proxy.restore();
    const back = await request(t.server)
      .get('/api/user')
      .set(bearer(owners[0].token))
      .timeout(CLIENT_TIMEOUT_MS);
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({ id: users[0].id, email: users[0].email });
    // Logins refused for the server's reasons were not counted against anyone.
    for (const u of users) await loginWithToken(t.server, u.email, u.plainPassword);
  });
});
