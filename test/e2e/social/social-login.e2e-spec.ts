import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  APP_URL,
  followProvider,
  finishSocial,
  FRONTEND_URL,
  landing,
  person,
  PROVIDERS,
  SocialFixture,
  socialLogin,
  spa,
  startSocial,
} from '../../utils/social-flow';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';
import { dumpDatabase, eventKinds } from '../../utils/two-factor';

/** First and returning logins through each provider's real redirect flow (docs/http-contract.md §8). */
describe.each(PROVIDERS)('social login with %s', (provider) => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    fx.twitter.reset();
  });
  afterAll(() => fx.stop());

  const countRows = async (table: string): Promise<number> =>
    ((await t.db.query(`SELECT count(*)::int AS n FROM "${table}"`)) as { n: number }[])[0].n;

  it('sends the browser to the provider with a flow bound to the session', async () => {
    const { session, location } = await startSocial(t, provider);
    expect(session.cookie).toMatch(/app_session=/);
    const url = new URL(location);
    if (provider === 'twitter') {
      expect(url.pathname).toBe('/oauth/authenticate');
      expect(url.searchParams.get('oauth_token')).toMatch(/^[0-9a-f]{32}$/);
      expect(fx.twitter.lastCallback).toBe(`${APP_URL}/auth/twitter/callback`);
    } else {
      expect(url.pathname).toBe('/authorize');
      expect(url.searchParams.get('redirect_uri')).toBe(`${APP_URL}/auth/${provider}/callback`);
      expect(url.searchParams.get('client_id')).toBe(`${provider}-client`);
      expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(24);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    }
    // The flow stays server-side: the browser only carries the session and XSRF cookies.
    const flowValue = url.searchParams.get('state') ?? url.searchParams.get('oauth_token')!;
    expect(session.cookie).not.toContain(flowValue);
    expect(session.cookie.split('; ').map((c) => c.split('=')[0])).toEqual(['app_session', 'XSRF-TOKEN']);
  });

  it('creates the account on first login and authenticates a rotated session', async () => {
    const who = person();
    fx.setProfile(provider, who);
    const start = await startSocial(t, provider);
    const callback = await followProvider(start.location);
    const done = await finishSocial(t, callback, start.session);

    expect(done.location.toString()).toBe(
      `${FRONTEND_URL}/auth/callback?status=success&provider=${provider}`,
    );
    // The session id changed at login (fixation), and the pre-login cookie is worthless.
    const before = /app_session=([^;]+)/.exec(start.session.cookie)![1];
    const after = /app_session=([^;]+)/.exec(done.session.cookie)![1];
    expect(after).not.toBe(before);
    await request(t.server).get('/api/user').set(spa(start.session)).expect(401);

    const me = await request(t.server).get('/api/user').set(spa(done.session)).expect(200);
    expect(me.body.data).toMatchObject({
      email: who.email,
      first_name: who.first,
      last_name: who.last,
      avatar_url: who.avatar,
      roles: ['listener'],
      social_accounts: [provider],
    });
    // Only Google asserts that the address is verified.
    if (provider === 'google') expect(me.body.data.email_verified_at).not.toBeNull();
    else expect(me.body.data.email_verified_at).toBeNull();

    const [user] = (await t.db.query('SELECT id, password, email_verified_at FROM users')) as {
      id: number;
      password: string | null;
    }[];
    expect(user.password).toBeNull();
    const links = await t.db.query('SELECT user_id, provider, provider_user_id, email FROM social_accounts');
    expect(links).toEqual([{ user_id: user.id, provider, provider_user_id: who.id, email: who.email }]);
    expect(await eventKinds(t, user.id)).toEqual(
      expect.arrayContaining(['registered', 'social_linked', 'social_login', 'login']),
    );

    const list = await request(t.server).get('/api/user/social-accounts').set(spa(done.session)).expect(200);
    expect(list.body).toMatchObject({ success: true, errors_message: null });
    expect(list.body.data).toEqual([
      {
        provider,
        name: `${who.first} ${who.last}`,
        email: who.email,
        avatar_url: who.avatar,
        linked_at: expect.any(String),
      },
    ]);
  });

  it('finds the same user on a returning login, without duplicate rows', async () => {
    const who = person();
    fx.setProfile(provider, who);
    const first = await socialLogin(t, provider);
    const firstMe = await request(t.server).get('/api/user').set(spa(first.session)).expect(200);

    // A new browser; the provider now reports a changed display name and address.
    fx.setProfile(provider, { ...who, first: 'Renamed', email: `changed-${who.email}` });
    const again = await socialLogin(t, provider);
    expect(landing(again.location)).toEqual({ status: 'success', provider });
    const me = await request(t.server).get('/api/user').set(spa(again.session)).expect(200);
    expect(me.body.data.id).toBe(firstMe.body.data.id);
    // The local account keeps its own email; the link row follows the provider.
    expect(me.body.data.email).toBe(who.email);
    expect(await countRows('users')).toBe(1);
    expect(await countRows('social_accounts')).toBe(1);
    const [link] = (await t.db.query('SELECT name, email FROM social_accounts')) as {
      name: string;
      email: string;
    }[];
    expect(link).toEqual({ name: `Renamed ${who.last}`, email: `changed-${who.email}` });
    const logins = (await eventKinds(t, me.body.data.id)).filter((k) => k === 'social_login');
    expect(logins).toHaveLength(2);
  });

  it('keeps the provider tokens encrypted at rest', async () => {
    fx.setProfile(provider, person());
    await socialLogin(t, provider);
    const issued = fx.lastIssued(provider);
    expect(issued.access.length).toBeGreaterThan(10);
    const [row] = (await t.db.query(
      'SELECT access_token_encrypted, secret_encrypted FROM social_accounts',
    )) as { access_token_encrypted: string; secret_encrypted: string | null }[];
    expect(row.access_token_encrypted).toBeTruthy();
    expect(row.access_token_encrypted).not.toContain(issued.access);
    if (issued.secret) {
      expect(row.secret_encrypted).toBeTruthy();
      expect(row.secret_encrypted).not.toContain(issued.secret);
    }
    const everything = await dumpDatabase(t);
    expect(everything).not.toContain(issued.access);
    if (issued.secret) expect(everything).not.toContain(issued.secret);
  });
});

describe('social login: edge cases', () => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
  });
  beforeEach(() => resetDatabase(t.db));
  afterAll(() => fx.stop());

  it('leaves the address unverified when Google says email_verified=false', async () => {
    const who = person({ verified: false });
    fx.setProfile('google', who);
    const done = await socialLogin(t, 'google');
    expect(landing(done.location)).toEqual({ status: 'success', provider: 'google' });
    const me = await request(t.server).get('/api/user').set(spa(done.session)).expect(200);
    expect(me.body.data).toMatchObject({ email: who.email, email_verified_at: null });
  });

  it.each(['facebook', 'twitter'] as const)(
    'cannot create an account from a %s profile without an address (provider_error)',
    async (provider) => {
      fx.setProfile(provider, person({ email: undefined }));
      const done = await socialLogin(t, provider);
      expect(landing(done.location)).toEqual({ status: 'error', error: 'provider_error', provider });
      expect(await t.db.query('SELECT id FROM users')).toEqual([]);
    },
  );

  it('answers 404 for an unknown provider', async () => {
    await request(t.server).get('/auth/github/redirect').expect(404);
    await request(t.server).get('/auth/github/callback?code=x&state=y').expect(404);
  });

  it('answers 404 for a provider without credentials, and for every provider with social off', async () => {
    const bare = await createTestApp({ APP_URL, FRONTEND_URL });
    const off = await createTestApp({
      ...fx.providerEnv,
      APP_URL,
      AUTH_FEATURES: 'sessions,tokens,registration,two-factor',
    });
    try {
      for (const provider of PROVIDERS) {
        for (const app of [bare, off]) {
          await request(app.server).get(`/auth/${provider}/redirect`).expect(404);
          await request(app.server).get(`/auth/${provider}/callback?code=x&state=y`).expect(404);
        }
      }
      await request(off.server).post('/api/auth/social/exchange').send({ code: 'x' }).expect(404);
    } finally {
      await bare.close();
      await off.close();
    }
  });
});
