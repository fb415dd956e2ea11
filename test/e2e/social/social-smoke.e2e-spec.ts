import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { absorb } from '../../utils/auth-helpers';
import { FakeOAuth2Provider } from '../../utils/fake-providers';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

describe('social smoke: Google first login through a real OAuth 2 server', () => {
  const google = new FakeOAuth2Provider();
  let t: TestApp;
  beforeAll(async () => {
    const base = await google.start();
    t = await createTestApp({
      ...google.env('GOOGLE', base),
      APP_URL: 'http://api.test',
      FRONTEND_URL: 'http://spa.test',
    });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await google.stop();
  });

  it('creates the account and a session', async () => {
    google.profile = {
      sub: 'g-1',
      email: 'gina@example.com',
      email_verified: true,
      given_name: 'Gina',
      family_name: 'Google',
    };
    const start = await request(t.server).get('/auth/google/redirect').expect(302);
    const session = absorb({ cookie: '', xsrf: '', headers: {} }, start);
    const authorize = new URL(start.headers.location);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const consent = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('http://api.test/auth/google/callback');
    const done = await request(t.server)
      .get(back.pathname + back.search)
      .set('Cookie', session.cookie)
      .expect(302);
    expect(done.headers.location).toBe('http://spa.test/auth/callback?status=success&provider=google');
    const loggedIn = absorb(session, done);
    const me = await request(t.server)
      .get('/api/user')
      .set(loggedIn.headers)
      .set('Referer', 'http://localhost:3000/')
      .expect(200);
    expect(me.body.data).toMatchObject({
      email: 'gina@example.com',
      first_name: 'Gina',
      social_accounts: ['google'],
    });
    expect(me.body.data.email_verified_at).not.toBeNull();
    // the state is single use
    const replay = await request(t.server)
      .get(back.pathname + back.search)
      .set('Cookie', loggedIn.cookie)
      .expect(302);
    expect(replay.headers.location).toContain('error=invalid_state');
  });
});
