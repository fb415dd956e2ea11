import { beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError, expectBareError, JSON_ACCEPT, registerViaApi } from '../../utils/api';
import { startBrowserSession } from '../../utils/auth-helpers';
import { burst, CLIENT_TIMEOUT_MS } from '../../utils/concurrency';
import { withProxiedDatabase } from '../../utils/tcp-proxy';
import { resetDatabase } from '../../utils/test-app';

const TIMED_OUT = 'The request took too long to complete. Please try again shortly.';

/** Sends again while the answer is the deadline's 503 (at most `attempts` times); returns the last answer. */
async function untilNot503(send: () => Promise<request.Response>, attempts = 20): Promise<request.Response> {
  let res = await send();
  for (let i = 1; i < attempts && res.status === 503; i++) res = await send();
  return res;
}

/**
 * REQUEST_TIMEOUT (docs/http-contract.md §1, §2): a request waiting on a stalled database is answered 503,
 * never left hanging.
 */
describe('request deadline with a stalled database', () => {
  const ctx = withProxiedDatabase({ REQUEST_TIMEOUT: '1', IP_RATE_LIMIT: '10000' });
  beforeEach(() => resetDatabase(ctx.t.db));

  it('answers every in-flight request 503 JSON (envelope or bare) while the database hangs, then recovers', async () => {
    const { user, headers } = await registerViaApi(ctx.t.server);
    const other = await createUser(ctx.t.db);
    const browser = await startBrowserSession(ctx.t.server);
    await request(ctx.t.server).get('/api/user').set(headers).expect(200);

    ctx.proxy.stall();
    const sent = await burst(
      [
        ...Array.from({ length: 4 }, () => ({ owner: 'bearer', kind: 'read' as const })),
        ...Array.from({ length: 3 }, () => ({ owner: 'api-login', kind: 'api-login' as const })),
        ...Array.from({ length: 3 }, () => ({ owner: 'spa-login', kind: 'spa-login' as const })),
      ],
      (item) => {
        if (item.kind === 'read') return request(ctx.t.server).get('/api/user').set(headers);
        if (item.kind === 'api-login')
          return request(ctx.t.server)
            .post('/api/login')
            .set(JSON_ACCEPT)
            .send({ email: other.email, password: other.plainPassword });
        return request(ctx.t.server)
          .post('/login')
          .set(browser.headers)
          .send({ email: other.email, password: other.plainPassword });
      },
    );
    // Every request got an answer from the server within the client's patience: the deadline's.
    expect(sent.filter((s) => s.error)).toEqual([]);
    for (const s of sent) {
      if (s.owner === 'spa-login') expectBareError(s.res!, 503, TIMED_OUT);
      else expectApiError(s.res!, 503, TIMED_OUT);
      expect(s.res!.headers['retry-after']).toMatch(/^\d+$/);
    }
    // Routes that need no database keep answering meanwhile.
    await request(ctx.t.server).get('/api/health').timeout(CLIENT_TIMEOUT_MS).expect(200);

    ctx.proxy.restore();
    // The abandoned requests' queries run first once the database answers again; on a busy machine
    // they can hold a new request past the 1 s deadline, so each check may see that 503 a few times.
    const back = await untilNot503(() =>
      request(ctx.t.server).get('/api/user').set(headers).timeout(CLIENT_TIMEOUT_MS),
    );
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({ id: user.id, email: user.email });
    // A login whose 503 was sent before it finished did not count as a failure: the right password works.
    const again = await untilNot503(() =>
      request(ctx.t.server)
        .post('/api/login')
        .set(JSON_ACCEPT)
        .send({ email: other.email, password: other.plainPassword })
        .timeout(CLIENT_TIMEOUT_MS),
    );
    expect(again.status).toBe(200);
  });
});
