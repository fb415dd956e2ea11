import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../utils/test-app';

describe('GET /api/auth/providers (login buttons of a frontend)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('lists nothing when no provider has credentials, without authentication', async () => {
    t = await createTestApp();
    const res = await request(t.server).get('/api/auth/providers').expect(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: [] });
  });

  it('lists only the configured providers, each with its redirect URL', async () => {
    t = await createTestApp({
      APP_URL: 'http://api.test',
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      TWITTER_CONSUMER_KEY: 't',
      TWITTER_CONSUMER_SECRET: 't-secret',
    });
    const res = await request(t.server).get('/api/auth/providers').expect(200);
    expect(res.body.data).toEqual([
      { name: 'google', redirect_url: 'http://api.test/auth/google/redirect' },
      { name: 'twitter', redirect_url: 'http://api.test/auth/twitter/redirect' },
    ]);
  });

  it('lists nothing while the social feature is off', async () => {
    t = await createTestApp({
      AUTH_FEATURES: 'sessions,tokens,registration,two-factor',
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 'g-secret',
    });
    const res = await request(t.server).get('/api/auth/providers').expect(200);
    expect(res.body.data).toEqual([]);
  });
});
