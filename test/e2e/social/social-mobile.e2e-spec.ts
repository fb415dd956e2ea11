import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  APP_LINK,
  finishSocial,
  followProvider,
  FRONTEND_URL,
  landing,
  person,
  PROVIDERS,
  SocialFixture,
  socialLogin,
  spa,
  startSocial,
  type SocialPerson,
  withParam,
} from '../../utils/social-flow';
import { resetDatabase, type TestApp } from '../../utils/test-app';
import { dumpDatabase, sha256Hex } from '../../utils/two-factor';

const INVALID_CODE = 'The code is invalid or has expired.';

/** client=app&app_link=...: the flow ends on the app link with a one-time code (docs/http-contract.md §8). */
describe('social login for the mobile app', () => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    fx.twitter.reset();
  });
  afterEach(() => t.clock.reset());
  afterAll(() => fx.stop());

  const app = { client: 'app', app_link: APP_LINK };
  const exchange = (code: unknown) =>
    request(t.server).post('/api/auth/social/exchange').set('Accept', 'application/json').send({ code });
  const appLogin = async (provider: (typeof PROVIDERS)[number], who: SocialPerson = person()) => {
    fx.setProfile(provider, who);
    const done = await socialLogin(t, provider, app);
    return { ...done, who };
  };

  it.each(PROVIDERS)(
    'ends on the app link with a one-time code for %s, traded for {user, token}',
    async (provider) => {
      const { location, session, who } = await appLogin(provider);
      expect(`${location.protocol}//${location.host}`).toBe(APP_LINK);
      const params = landing(location);
      expect(params).toEqual({
        status: 'success',
        provider,
        code: expect.stringMatching(/^[A-Za-z0-9]{48}$/),
      });
      // The browser that ran the flow is not logged in: the app gets a token instead.
      await request(t.server).get('/api/user').set(spa(session)).expect(401);
      // Stored hashed only.
      const database = await dumpDatabase(t);
      expect(database).not.toContain(params.code);
      expect(database).toContain(sha256Hex(params.code));

      const res = await exchange(params.code).expect(200);
      expect(res.body).toMatchObject({ success: true, errors_message: null });
      expect(res.body.data.user).toMatchObject({ email: who.email, social_accounts: [provider] });
      expect(res.body.data.token).toMatch(/^\d+\|[A-Za-z0-9]{40}[0-9a-f]{8}$/);
      const me = await request(t.server)
        .get('/api/user')
        .set({ Authorization: `Bearer ${res.body.data.token}`, Accept: 'application/json' })
        .expect(200);
      expect(me.body.data.id).toBe(res.body.data.user.id);
      const [token] = (await t.db.query('SELECT name, device_name FROM personal_access_tokens')) as object[];
      expect(token).toEqual({ name: 'api', device_name: `${provider} sign-in` });
    },
  );

  it('accepts a code once', async () => {
    const { code } = landing((await appLogin('google')).location);
    await exchange(code).expect(200);
    const again = await exchange(code).expect(422);
    expect(again.body).toMatchObject({
      success: false,
      message: INVALID_CODE,
      errors: { code: [INVALID_CODE] },
    });
    const tokens = (await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens')) as {
      n: number;
    }[];
    expect(tokens[0].n).toBe(1);
  });

  it('gives one token for a code exchanged twice at the same time', async () => {
    const { code } = landing((await appLogin('google')).location);
    const answers = await Promise.all([exchange(code), exchange(code)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    const tokens = (await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens')) as {
      n: number;
    }[];
    expect(tokens[0].n).toBe(1);
  });

  it('refuses a code older than 60 seconds', async () => {
    t.clock.freeze();
    const { code } = landing((await appLogin('facebook')).location);
    t.clock.advance(61_000);
    const res = await exchange(code).expect(422);
    expect(res.body.errors).toEqual({ code: [INVALID_CODE] });
  });

  it('accepts a code just before it expires', async () => {
    t.clock.freeze();
    const { code } = landing((await appLogin('twitter')).location);
    t.clock.advance(59_000);
    await exchange(code).expect(200);
  });

  it('refuses made-up and malformed codes with 422', async () => {
    for (const code of ['A'.repeat(48), 'short', '', 42]) {
      const res = await exchange(code).expect(422);
      expect(res.body.errors).toHaveProperty('code');
    }
  });

  it('refuses an app link outside APP_LINK_ALLOWLIST at the redirect step (422)', async () => {
    for (const appLink of [
      'https://evil.example.com/cb',
      'fangate://auth.evil.example.com',
      'javascript:alert(1)',
    ]) {
      const res = await request(t.server)
        .get('/auth/google/redirect')
        .query({ client: 'app', app_link: appLink })
        .expect(422);
      expect(res.body.errors).toHaveProperty('app_link');
    }
    const missing = await request(t.server).get('/auth/google/redirect?client=app').expect(422);
    expect(missing.body.errors).toHaveProperty('app_link');
  });

  it('lands errors on the app link too', async () => {
    const start = await startSocial(t, 'google', app);
    const state = new URL(start.location).searchParams.get('state')!;
    const done = await finishSocial(
      t,
      `/auth/google/callback?error=access_denied&state=${state}`,
      start.session,
    );
    expect(`${done.location.protocol}//${done.location.host}`).toBe(APP_LINK);
    expect(landing(done.location)).toEqual({ status: 'error', error: 'access_denied', provider: 'google' });
  });

  it('sends an unverifiable (invalid_state) app flow to the web landing page, not the app link', async () => {
    const start = await startSocial(t, 'google', app);
    const callback = withParam(await followProvider(start.location), 'state', 'forged');
    const done = await finishSocial(t, callback, start.session);
    expect(done.location.origin + done.location.pathname).toBe(`${FRONTEND_URL}/auth/callback`);
    expect(landing(done.location)).toEqual({ status: 'error', error: 'invalid_state', provider: 'google' });
  });
});
