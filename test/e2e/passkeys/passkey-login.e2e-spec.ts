import { beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError } from '../../utils/api';
import { sessionIdOf, startBrowserSession } from '../../utils/auth-helpers';
import {
  addPasskey,
  apiLoginOptions,
  apiPasskeyLogin,
  CHALLENGE_EXPIRED,
  confirmedToken,
  PASSKEY_ENV,
  PASSKEY_INVALID,
  sessionPasskeyLogin,
} from '../../utils/passkeys';
import { SoftwareAuthenticator, TEST_RP_ID } from '../../utils/software-authenticator';
import { useTestApp } from '../../utils/test-app';
import { enableTwoFactor, eventKinds, FROZEN_AT } from '../../utils/two-factor';

const COUNTER_ROLLBACK =
  'This passkey reported a signature counter lower than before, which suggests a copy of it is in use. Sign in another way and remove it.';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('passkey login (/passkeys/login, /api/passkeys/login)', () => {
  const t = useTestApp(PASSKEY_ENV);
  beforeEach(() => t.clock.freeze(FROZEN_AT));

  /** A user with one registered passkey on its own authenticator. */
  const userWithPasskey = async () => {
    const user = await createUser(t.db);
    const authenticator = new SoftwareAuthenticator();
    const passkeyId = await addPasskey(t.server, await confirmedToken(t.server, user), authenticator);
    return { user, authenticator, passkeyId };
  };
  const expectRefused = (res: request.Response, message: string, api: boolean) =>
    api
      ? expectApiError(res, 422, message, { response: [message] })
      : expect([res.status, res.body]).toEqual([422, { message, errors: { response: [message] } }]);

  it('bearer, discoverable: options without allowCredentials, then {user, token} as /api/login answers', async () => {
    const { user, authenticator, passkeyId } = await userWithPasskey();
    const options = await apiLoginOptions(t.server);
    expect(options).toMatchObject({ rpId: TEST_RP_ID, userVerification: 'required', timeout: 300_000 });
    expect(options.allowCredentials).toBeUndefined();
    const res = await request(t.server)
      .post('/api/passkeys/login')
      .send({ response: authenticator.get(options), device_name: 'Pixel' })
      .expect(200);
    expect(res.body).toEqual({
      success: true,
      errors_message: null,
      data: { user: expect.objectContaining({ id: user.id, email: user.email }), token: expect.any(String) },
    });
    const password = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    expect(Object.keys(res.body.data.user)).toEqual(Object.keys(password.body.data.user));
    const me = await request(t.server)
      .get('/api/user')
      .set({ Authorization: `Bearer ${res.body.data.token}` })
      .expect(200);
    expect(me.body.data.id).toBe(user.id);
    const [token] = await t.db.query(`SELECT name, device_name FROM personal_access_tokens WHERE id = $1`, [
      res.body.data.token.split('|')[0],
    ]);
    expect(token).toEqual({ name: 'api', device_name: 'Pixel' });
    const [row] = await t.db.query('SELECT counter, last_used_at FROM passkeys WHERE id = $1', [passkeyId]);
    expect(row).toEqual({ counter: '1', last_used_at: FROZEN_AT });
    expect(await eventKinds(t, user.id)).toEqual(
      expect.arrayContaining(['login', 'token_created', 'passkey_login']),
    );
  });

  it("bearer, email-first: the account's credentials are offered; an unknown email gets a decoy of the same shape", async () => {
    const { user, authenticator } = await userWithPasskey();
    const options = await apiLoginOptions(t.server, user.email.toUpperCase());
    expect(options.allowCredentials).toEqual([
      { id: [...authenticator.credentials.keys()][0], type: 'public-key', transports: ['internal'] },
    ]);
    await request(t.server)
      .post('/api/passkeys/login')
      .send({ response: authenticator.get(options) })
      .expect(200);

    const decoy = await apiLoginOptions(t.server, 'nobody@example.com');
    expect(decoy.allowCredentials).toEqual([
      { id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), type: 'public-key' },
    ]);
    expect((await apiLoginOptions(t.server, 'nobody@example.com')).allowCredentials).toEqual(
      decoy.allowCredentials,
    );

    // Options made for another account do not log this one in.
    const other = await createUser(t.db);
    await addPasskey(t.server, await confirmedToken(t.server, other), new SoftwareAuthenticator());
    const forOther = await apiLoginOptions(t.server, other.email);
    const res = await request(t.server)
      .post('/api/passkeys/login')
      .send({
        response: authenticator.get(forOther, { credentialId: [...authenticator.credentials.keys()][0] }),
      });
    expectRefused(res, PASSKEY_INVALID, true);
  });

  it('cookie, discoverable and email-first: {two_factor: false}, the session id and the CSRF token rotate', async () => {
    const { user, authenticator } = await userWithPasskey();
    for (const email of [undefined, user.email]) {
      const { res, before, after } = await sessionPasskeyLogin(t.server, authenticator, { email });
      expect([res.status, res.body]).toEqual([200, { two_factor: false }]);
      expect(sessionIdOf(after)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sessionIdOf(after)).not.toBe(sessionIdOf(before));
      expect(after.xsrf).not.toBe(before.xsrf);
      const me = await request(t.server).get('/api/user').set(after.headers).expect(200);
      expect(me.body.data.id).toBe(user.id);
      // The anonymous session it replaced is gone.
      await request(t.server).get('/api/user').set(before.headers).expect(401);
      const [row] = await t.db.query('SELECT user_id, remember FROM sessions WHERE token_hash = $1', [
        sha256(sessionIdOf(after)),
      ]);
      expect(row).toEqual({ user_id: user.id, remember: false });
    }
    const remembered = await sessionPasskeyLogin(t.server, authenticator, { body: { remember: true } });
    expect(String(remembered.res.headers['set-cookie'])).toMatch(/app_session=[^;]+;.*(Max-Age|Expires)/);
  });

  it('cookie routes are session routes: 419 without the CSRF token or without a session', async () => {
    const anon = await startBrowserSession(t.server);
    const { 'X-XSRF-TOKEN': _dropped, ...withoutCsrf } = anon.headers;
    for (const path of ['/passkeys/login/options', '/passkeys/login']) {
      for (const headers of [withoutCsrf, { Accept: 'application/json' }]) {
        const res = await request(t.server).post(path).set(headers).send({});
        expect([path, res.status, res.body]).toEqual([path, 419, { message: 'CSRF token mismatch.' }]);
      }
    }
  });

  it('refuses a replayed assertion and a reused or expired challenge (422 on response), for both clients', async () => {
    const { authenticator } = await userWithPasskey();
    const options = await apiLoginOptions(t.server);
    const assertion = authenticator.get(options);
    await request(t.server).post('/api/passkeys/login').send({ response: assertion }).expect(200);
    expectRefused(
      await request(t.server).post('/api/passkeys/login').send({ response: assertion }),
      CHALLENGE_EXPIRED,
      true,
    );
    const again = authenticator.get(options);
    expectRefused(
      await request(t.server).post('/api/passkeys/login').send({ response: again }),
      CHALLENGE_EXPIRED,
      true,
    );

    const late = await apiLoginOptions(t.server);
    t.clock.advance(5 * 60 * 1000 + 1);
    expectRefused(
      await request(t.server)
        .post('/api/passkeys/login')
        .send({ response: authenticator.get(late) }),
      CHALLENGE_EXPIRED,
      true,
    );

    const anon = await startBrowserSession(t.server);
    const spaOptions = await request(t.server).post('/passkeys/login/options').set(anon.headers).send({});
    t.clock.advance(5 * 60 * 1000 + 1);
    const res = await request(t.server)
      .post('/passkeys/login')
      .set(anon.headers)
      .send({ response: authenticator.get(spaOptions.body) });
    expectRefused(res, CHALLENGE_EXPIRED, false);
    await request(t.server).get('/api/user').set(anon.headers).expect(401);
  });

  it('refuses (422) another origin, another RP id, no user verification, a bad signature, an unknown credential', async () => {
    const { user, authenticator } = await userWithPasskey();
    const tamper = (assertion: ReturnType<SoftwareAuthenticator['get']>) => {
      const sig = Buffer.from(assertion.response.signature, 'base64url');
      sig[sig.length - 1] ^= 1;
      return { ...assertion, response: { ...assertion.response, signature: sig.toString('base64url') } };
    };
    const stranger = new SoftwareAuthenticator();
    stranger.create({ challenge: 'x', rp: { id: TEST_RP_ID }, user: { id: 'eA' } });
    const cases: [string, (o: Awaited<ReturnType<typeof apiLoginOptions>>) => object][] = [
      ['origin', (o) => authenticator.get(o, { origin: 'http://evil.example' })],
      ['rp id', (o) => authenticator.get(o, { rpId: 'evil.example' })],
      ['no UV', (o) => authenticator.get(o, { userVerified: false })],
      ['signature', (o) => tamper(authenticator.get(o))],
      ['unknown', (o) => stranger.get(o)],
    ];
    for (const [label, make] of cases) {
      const res = await request(t.server)
        .post('/api/passkeys/login')
        .send({ response: make(await apiLoginOptions(t.server)) });
      expect([label, res.status, res.body.errors]).toEqual([label, 422, { response: [PASSKEY_INVALID] }]);
    }
    for (const response of [
      {},
      [],
      'x',
      { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: '!!' } },
    ]) {
      const res = await request(t.server).post('/api/passkeys/login').send({ response });
      expect(res.status).toBe(422);
    }
    const missing = await request(t.server).post('/api/passkeys/login').send({});
    expectApiError(missing, 422, 'The response field is required.', {
      response: ['The response field is required.'],
    });
    const badEmail = await request(t.server)
      .post('/api/passkeys/login/options')
      .send({ email: 'not-an-email' });
    expect(badEmail.body.errors).toEqual({ email: ['The email field must be a valid email address.'] });
    const kinds = await eventKinds(t, user.id);
    expect(kinds.filter((k) => k === 'login_failed')).toHaveLength(4);
    expect(kinds).not.toContain('passkey_login');
  });

  it('refuses a signature counter that goes backwards or stands still (422, security event), then accepts a higher one', async () => {
    const { user, authenticator, passkeyId } = await userWithPasskey();
    await apiPasskeyLogin(t.server, authenticator, { tweaks: { counter: 7 } }).then((r) =>
      expect(r.status).toBe(200),
    );
    for (const counter of [7, 3, 0]) {
      const res = await apiPasskeyLogin(t.server, authenticator, { tweaks: { counter } });
      expectRefused(res, COUNTER_ROLLBACK, true);
    }
    const cookie = await sessionPasskeyLogin(t.server, authenticator, { tweaks: { counter: 2 } });
    expectRefused(cookie.res, COUNTER_ROLLBACK, false);
    await request(t.server).get('/api/user').set(cookie.after.headers).expect(401);

    const events = await t.db.query(
      `SELECT metadata FROM security_events WHERE user_id = $1 AND kind = 'passkey_counter_rollback' ORDER BY id`,
      [user.id],
    );
    expect(events.map((e: { metadata: Record<string, unknown> }) => e.metadata)).toEqual(
      [7, 3, 0, 2].map((reported) => ({
        passkey_id: passkeyId,
        stored_counter: 7,
        reported_counter: reported,
      })),
    );
    await apiPasskeyLogin(t.server, authenticator, { tweaks: { counter: 8 } }).then((r) =>
      expect(r.status).toBe(200),
    );
  });

  it('logs an account with confirmed 2FA in without asking for a TOTP code (a passkey is multi-factor)', async () => {
    const user = await createUser(t.db);
    const { headers } = await enableTwoFactor(t, user);
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(t.server, headers, authenticator);
    // The password alone still leads to the challenge.
    const password = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword });
    expect(password.body.data).toEqual({ two_factor: true, challenge: expect.any(String) });

    const api = await apiPasskeyLogin(t.server, authenticator, { email: user.email });
    expect(api.status).toBe(200);
    expect(api.body.data).toEqual({
      user: expect.objectContaining({ id: user.id }),
      token: expect.any(String),
    });
    const cookie = await sessionPasskeyLogin(t.server, authenticator);
    expect([cookie.res.status, cookie.res.body]).toEqual([200, { two_factor: false }]);
    const me = await request(t.server).get('/api/user').set(cookie.after.headers).expect(200);
    expect(me.body.data).toMatchObject({ id: user.id, two_factor_enabled: true });
  });
});

describe('passkey login throttling', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '4' });

  it('answers 429 with Retry-After past IP_RATE_LIMIT a minute on the options and login routes', async () => {
    for (const path of ['/api/passkeys/login/options', '/api/passkeys/login']) {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push((await request(t.server).post(path).send({})).status);
      expect([path, answers.slice(0, 4).includes(429), answers[4]]).toEqual([path, false, 429]);
      const res = await request(t.server).post(path).send({});
      expectApiError(res, 429, 'Too Many Attempts.');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const anon = await startBrowserSession(t.server);
    for (let i = 0; i < 4; i++) await request(t.server).post('/passkeys/login').set(anon.headers).send({});
    const res = await request(t.server).post('/passkeys/login').set(anon.headers).send({});
    expect([res.status, res.body]).toEqual([429, { message: 'Too Many Attempts.' }]);
  });
});

describe('passkey login failure throttling', () => {
  const t = useTestApp(PASSKEY_ENV);

  it('after 5 failed assertions of one credential from one IP, even a valid one gets 429', async () => {
    const user = await createUser(t.db);
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(t.server, await confirmedToken(t.server, user), authenticator);
    for (let i = 0; i < 5; i++) {
      const res = await apiPasskeyLogin(t.server, authenticator, {
        tweaks: { origin: 'http://evil.example' },
      });
      expect(res.status).toBe(422);
    }
    const res = await apiPasskeyLogin(t.server, authenticator);
    expectApiError(res, 429, 'Too Many Attempts.');
  });
});
