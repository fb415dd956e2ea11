import { beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError, JSON_ACCEPT } from '../../utils/api';
import { loginWithToken } from '../../utils/auth-helpers';
import { bearer, burst, CLIENT_TIMEOUT_MS, interleave } from '../../utils/concurrency';
import { withProxiedDatabase } from '../../utils/tcp-proxy';
import { resetDatabase } from '../../utils/test-app';

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
  const ctx = withProxiedDatabase({ REQUEST_TIMEOUT: '60', IP_RATE_LIMIT: '10000' });
  beforeEach(() => resetDatabase(ctx.t.db));

  it('answers 30 concurrent requests of 5 users 503 while stalled, with a bounded number of connections', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => createUser(ctx.t.db)));
    const tokens = await Promise.all(
      users.map((u) => loginWithToken(ctx.t.server, u.email, u.plainPassword)),
    );
    const owners = users.map((u, i) => ({ owner: u.id, user: u, token: tokens[i].token }));

    ctx.proxy.stall();
    const before = ctx.proxy.accepted;
    const first = await burst(interleave(owners, 30), (o) =>
      o.owner % 2
        ? request(ctx.t.server).get('/api/user').set(bearer(o.token))
        : request(ctx.t.server)
            .post('/api/login')
            .set(JSON_ACCEPT)
            .send({ email: o.user.email, password: o.user.plainPassword }),
    );
    expect(first.filter((s) => s.error)).toEqual([]);
    for (const s of first) expectApiError(s.res!, 503, UNAVAILABLE);
    // Once tripped, the circuit keeps further requests off the dead database.
    const second = await burst(interleave(owners, 30), (o) =>
      request(ctx.t.server).get('/api/user').set(bearer(o.token)),
    );
    for (const s of second) expectApiError(s.res!, 503, UNAVAILABLE);
    expect(ctx.proxy.accepted - before).toBeLessThanOrEqual(POOL_MAX + 1);
    await request(ctx.t.server).get('/api/health').timeout(CLIENT_TIMEOUT_MS).expect(200);

    ctx.proxy.restore();
    const back = await request(ctx.t.server)
      .get('/api/user')
      .set(bearer(owners[0].token))
      .timeout(CLIENT_TIMEOUT_MS);
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({ id: users[0].id, email: users[0].email });
    // Logins refused for the server's reasons were not counted against anyone.
    for (const u of users) await loginWithToken(ctx.t.server, u.email, u.plainPassword);
  });
});
