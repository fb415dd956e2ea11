import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../utils/test-app';

const PRODUCTION = { APP_ENV: 'production', BCRYPT_ROUNDS: '10', MAIL_TO_LOG: 'true' };

describe('the API document in production', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is not served unless DOCS_ENABLED=true', async () => {
    t = await createTestApp(PRODUCTION);
    for (const path of ['/docs', '/docs/json']) {
      const res = await request(t.server).get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
    await request(t.server).get('/api/health').expect(200);
  });

  it('is served with DOCS_ENABLED=true', async () => {
    t = await createTestApp({ ...PRODUCTION, DOCS_ENABLED: 'true' });
    const res = await request(t.server).get('/docs/json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
  });
});
