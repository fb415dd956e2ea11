import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { BrowserSession } from '../../utils/auth-helpers';
import {
  APP_URL,
  finishSocial,
  followProvider,
  FRONTEND_URL,
  landing,
  person,
  PROVIDERS,
  SocialFixture,
  spa,
  startSocial,
  withParam,
  type Provider,
} from '../../utils/social-flow';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

/**
 * Every way a callback can go wrong ends in a 302 to FRONTEND_URL/auth/callback?status=error
 * (finishSocial fails on anything but a 302), creates nobody and authenticates nothing.
 */
describe.each(PROVIDERS)('social login errors with %s', (provider: Provider) => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    fx.twitter.reset();
    fx.setProfile(provider, person());
  });
  afterEach(() => t.clock.reset());
  afterAll(() => fx.stop());

  /** The parameter that ties a callback to its flow: OAuth 2 state, or the OAuth 1.0a request token. */
  const flowParam = provider === 'twitter' ? 'oauth_token' : 'state';

  const expectError = async (location: URL, error: string, session: BrowserSession) => {
    expect(location.origin + location.pathname).toBe(`${FRONTEND_URL}/auth/callback`);
    expect(landing(location)).toEqual({ status: 'error', error, provider });
    await request(t.server).get('/api/user').set(spa(session)).expect(401);
    expect(await t.db.query('SELECT id FROM users')).toEqual([]);
    expect(await t.db.query('SELECT id FROM social_accounts')).toEqual([]);
  };

  it('refuses a forged state (invalid_state), and the flow is spent', async () => {
    const start = await startSocial(t, provider);
    const callback = await followProvider(start.location);
    const forged = await finishSocial(t, withParam(callback, flowParam, 'forged-value'), start.session);
    await expectError(forged.location, 'invalid_state', forged.session);
    // One try per flow: the genuine callback after a forged one is refused too.
    const genuine = await finishSocial(t, callback, forged.session);
    await expectError(genuine.location, 'invalid_state', genuine.session);
  });

  it('refuses a callback without any state', async () => {
    const start = await startSocial(t, provider);
    const callback = await followProvider(start.location);
    const stripped = await finishSocial(t, withParam(callback, flowParam, null), start.session);
    await expectError(stripped.location, 'invalid_state', stripped.session);
  });

  it('refuses a replayed callback (invalid_state)', async () => {
    const start = await startSocial(t, provider);
    const callback = await followProvider(start.location);
    const done = await finishSocial(t, callback, start.session);
    expect(landing(done.location)).toEqual({ status: 'success', provider });
    const replay = await finishSocial(t, callback, done.session);
    expect(landing(replay.location)).toEqual({ status: 'error', error: 'invalid_state', provider });
    const rows = (await t.db.query('SELECT count(*)::int AS n FROM users')) as { n: number }[];
    expect(rows[0].n).toBe(1);
  });

  it('refuses a callback in another browser than the one that started the flow (login CSRF)', async () => {
    const victim = await startSocial(t, provider);
    const callback = await followProvider(victim.location);
    const attacker = await startSocial(t, provider);
    const planted = await finishSocial(t, callback, attacker.session);
    await expectError(planted.location, 'invalid_state', planted.session);
    const noCookie = await finishSocial(t, callback, { cookie: '', xsrf: '', headers: {} });
    expect(landing(noCookie.location)).toMatchObject({ status: 'error', error: 'invalid_state' });
  });

  it('refuses a flow older than 10 minutes (invalid_state)', async () => {
    t.clock.freeze();
    const start = await startSocial(t, provider);
    const callback = await followProvider(start.location);
    t.clock.advance(10 * 60_000 + 1000);
    const late = await finishSocial(t, callback, start.session);
    await expectError(late.location, 'invalid_state', late.session);
  });

  it('refuses a callback at another provider than the one the flow started with', async () => {
    const other = provider === 'google' ? 'facebook' : 'google';
    const start = await startSocial(t, other);
    const callback = await followProvider(start.location);
    const done = await finishSocial(
      t,
      callback.replace(`/auth/${other}/`, `/auth/${provider}/`),
      start.session,
    );
    await expectError(done.location, 'invalid_state', done.session);
  });

  it('reports a denied consent (access_denied)', async () => {
    const start = await startSocial(t, provider);
    let callback: string;
    if (provider === 'twitter') {
      fx.twitter.deny = true;
      callback = await followProvider(start.location);
      expect(new URL(callback, APP_URL).searchParams.get('denied')).toBeTruthy();
    } else {
      const state = new URL(start.location).searchParams.get('state')!;
      callback = `/auth/${provider}/callback?error=access_denied&error_description=The+user+denied&state=${state}`;
    }
    const done = await finishSocial(t, callback, start.session);
    await expectError(done.location, 'access_denied', done.session);
    // The flow was consumed: coming back with the consent now does not log in.
    const replay = await finishSocial(t, callback, done.session);
    expect(landing(replay.location)).toMatchObject({ status: 'error' });
  });

  it("reports the provider's error page (provider_error)", async () => {
    const start = await startSocial(t, provider);
    const state = new URL(start.location).searchParams.get(flowParam)!;
    const callback = `/auth/${provider}/callback?error=server_error&${flowParam}=${state}`;
    const done = await finishSocial(t, callback, start.session);
    await expectError(done.location, 'provider_error', done.session);
  });

  it('reports a failed token exchange (provider_error)', async () => {
    const start = await startSocial(t, provider);
    let callback = await followProvider(start.location);
    if (provider === 'twitter') fx.twitter.failAccessToken = true;
    else callback = withParam(callback, 'code', 'not-a-code-the-provider-issued');
    const done = await finishSocial(t, callback, start.session);
    await expectError(done.location, 'provider_error', done.session);
  });
});

describe('social login errors at the redirect step', () => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
    await resetDatabase(t.db);
  });
  afterAll(() => fx.stop());

  it('reports a refused request token (Twitter) as provider_error', async () => {
    // Same fake, wrong consumer secret: the fake rejects the signature of the request-token call.
    const wrong = await createTestApp({
      ...fx.providerEnv,
      TWITTER_CONSUMER_SECRET: 'not-the-secret',
      APP_URL,
      FRONTEND_URL,
    });
    try {
      const res = await request(wrong.server).get('/auth/twitter/redirect').expect(302);
      expect(res.headers.location).toBe(
        `${FRONTEND_URL}/auth/callback?status=error&error=provider_error&provider=twitter`,
      );
    } finally {
      await wrong.close();
    }
  });

  it('answers 404 for the callback of an unknown provider', async () => {
    await request(t.server).get('/auth/github/callback?error=access_denied').expect(404);
  });
});
