import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../utils/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('X-Request-Id on every response (contract §1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('echoes a sane client id, on successes and on errors alike', async () => {
    for (const [path, status] of [
      ['/api/health', 200],
      ['/api/user', 401],
      ['/no-such-route', 404],
    ] as const) {
      const res = await request(t.server).get(path).set('X-Request-Id', 'trace-42.a:b_c');
      expect(res.status).toBe(status);
      expect(res.headers['x-request-id']).toBe('trace-42.a:b_c');
    }
  });

  it('is on the answers given before any route runs: a CORS preflight, an undecodable URL', async () => {
    const preflight = await request(t.server).options('/login').set({
      Origin: 'http://localhost:3000',
      'Access-Control-Request-Method': 'POST',
      'X-Request-Id': 'pre-1',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['x-request-id']).toBe('pre-1');
    expect(preflight.headers['x-content-type-options']).toBe('nosniff');
    const undecodable = await request(t.server)
      .get('/api/user/sessions/%ZZ')
      .set('X-Request-Id', 'bad-url-1');
    expect(undecodable.status).toBe(400);
    expect(undecodable.headers['x-request-id']).toBe('bad-url-1');
    expect(undecodable.body).toMatchObject({ success: false, data: null });
  });

  it('replaces a missing, oversized or unsafe id with a fresh UUID, different per request', async () => {
    const ids = [];
    for (const sent of [undefined, 'x'.repeat(129), 'a b', 'evil\u00e9', '<script>']) {
      const req = request(t.server).get('/api/health');
      const res = await (sent === undefined ? req : req.set('X-Request-Id', sent));
      expect(res.headers['x-request-id']).toMatch(UUID);
      ids.push(res.headers['x-request-id']);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets a first-party page read it (CORS exposes it)', async () => {
    const res = await request(t.server).get('/api/health').set('Origin', 'http://localhost:3000');
    expect(res.headers['access-control-expose-headers']).toMatch(/X-Request-Id/i);
  });
});
