import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectApiError } from '../utils/api';
import { CLIENT_TIMEOUT_MS } from '../utils/concurrency';
import { TcpProxy } from '../utils/tcp-proxy';
import { createTestApp, type TestApp } from '../utils/test-app';

const REDIS = process.env.REDIS_URL ? 'up' : 'off';

/**
 * GET /api/health/ready (docs/http-contract.md §1): 200 while the dependencies answer, 503 naming the one
 * that does not.
 */
describe('readiness probe', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    proxy = await TcpProxy.forDatabase(url);
    t = await createTestApp({ DATABASE_URL: proxy.urlFor(url) });
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });
  afterEach(() => proxy.restore());

  const ready = () => request(t.server).get('/api/health/ready').timeout(CLIENT_TIMEOUT_MS);

  it('answers 200 with each dependency when all answer', async () => {
    const res = await ready().expect(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: { database: 'up', redis: REDIS } });
  });

  it('answers 503 while the database is cut or stalled, liveness stays 200, and 200 again once it is back', async () => {
    proxy.cut();
    expectApiError(await ready(), 503, `Not ready: database down, redis ${REDIS}.`);
    proxy.restore();
    proxy.stall();
    expectApiError(await ready(), 503, `Not ready: database down, redis ${REDIS}.`);
    await request(t.server).get('/api/health').expect(200);
    proxy.restore();
    let res = await ready();
    for (let i = 0; i < 20 && res.status !== 200; i++) res = await ready();
    expect(res.status).toBe(200);
  });
});
