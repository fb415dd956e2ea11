import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, FIRST_PARTY, FOREIGN, type TestApp } from '../../utils/test-app';

describe('CORS: only stateful domains get a credentialed grant (contract §3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const preflight = (origin: string, path = '/api/user', method = 'GET') =>
    request(t.server).options(path).set({
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': 'x-xsrf-token,content-type',
    });

  it('grants the first-party SPA origin, with credentials and the SPA headers', async () => {
    for (const [path, method] of [
      ['/api/user', 'GET'],
      ['/login', 'POST'],
    ]) {
      const res = await preflight(FIRST_PARTY, path, method);
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(FIRST_PARTY);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      const allowed = res.headers['access-control-allow-headers'].toLowerCase().split(',');
      for (const h of ['x-xsrf-token', 'x-requested-with', 'content-type', 'accept', 'authorization']) {
        expect(allowed).toContain(h);
      }
      expect(res.headers['access-control-allow-methods']).toContain(method);
    }
  });

  it('grants other stateful hosts (127.0.0.1:8000) too', async () => {
    const res = await preflight('http://127.0.0.1:8000');
    expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8000');
  });

  it('gives a foreign origin no grant at all', async () => {
    for (const origin of [FOREIGN, 'http://localhost:3000.evil.example', 'null']) {
      const res = await preflight(origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('adds the grant to actual responses of the first-party origin only', async () => {
    const mine = await request(t.server).get('/api/health').set('Origin', FIRST_PARTY).expect(200);
    expect(mine.headers['access-control-allow-origin']).toBe(FIRST_PARTY);
    expect(mine.headers.vary).toMatch(/Origin/);
    const theirs = await request(t.server).get('/api/health').set('Origin', FOREIGN).expect(200);
    expect(theirs.headers['access-control-allow-origin']).toBeUndefined();
  });
});
