import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectApiError } from '../../utils/api';
import { CLIENT_TIMEOUT_MS } from '../../utils/concurrency';
import { withProxiedDatabase } from '../../utils/tcp-proxy';

const REDIS = process.env.REDIS_URL ? 'up' : 'off';

/**
 * GET /api/health/ready (docs/http-contract.md §1): 200 while the dependencies answer, 503 naming the one
 * that does not.
 */
describe('readiness probe', () => {
  const ctx = withProxiedDatabase();

  const ready = () => request(ctx.t.server).get('/api/health/ready').timeout(CLIENT_TIMEOUT_MS);

  it('answers 200 with each dependency when all answer', async () => {
    const res = await ready().expect(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: { database: 'up', redis: REDIS } });
  });

  it('answers 503 while the database is cut or stalled, liveness stays 200, and 200 again once it is back', async () => {
    ctx.proxy.cut();
    expectApiError(await ready(), 503, `Not ready: database down, redis ${REDIS}.`);
    ctx.proxy.restore();
    ctx.proxy.stall();
    expectApiError(await ready(), 503, `Not ready: database down, redis ${REDIS}.`);
    await request(ctx.t.server).get('/api/health').expect(200);
    ctx.proxy.restore();
    let res = await ready();
    for (let i = 0; i < 20 && res.status !== 200; i++) res = await ready();
    expect(res.status).toBe(200);
  });
});
