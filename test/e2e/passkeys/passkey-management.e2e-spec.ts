import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MailService } from '../../../src/mail/mail.service';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import {
  addPasskey,
  CHALLENGE_EXPIRED,
  confirmedToken,
  LAST_LOGIN_METHOD,
  PASSKEY_ENV,
  PASSKEY_INVALID,
  registerPasskey,
} from '../../utils/passkeys';
import { withMailApp } from '../../utils/smtp-capture';
import { SoftwareAuthenticator, TEST_ORIGIN, TEST_RP_ID } from '../../utils/software-authenticator';
import { forgetCachedCredentials } from '../../utils/test-app';
import { eventKinds } from '../../utils/two-factor';

const ROUTES: [method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object][] = [
  ['post', '/user/passkeys/options'],
  ['post', '/user/passkeys', { name: 'Key', response: {} }],
  ['get', '/user/passkeys'],
  ['put', '/user/passkeys/1', { name: 'Key' }],
  ['delete', '/user/passkeys/1'],
];

describe('passkey registration and management (/user/passkeys)', () => {
  const ctx = withMailApp({ ...PASSKEY_ENV, APP_NAME: 'Passkey Test' });

  const call = (method: (typeof ROUTES)[number][0], path: string, headers: object, body?: object) => {
    const agent = request(ctx.t.server);
    const req = agent[method](path).set(headers as Record<string, string>);
    return body ? req.send(body) : req;
  };

  it('answers 401 to anonymous callers on every route', async () => {
    for (const [method, path, body] of ROUTES) {
      const res = await call(method, path, { Accept: 'application/json' }, body);
      expect([path, res.status, res.body]).toEqual([path, 401, { message: 'Unauthenticated.' }]);
    }
  });

  it('answers 419 to a first-party session request without the CSRF token on every unsafe route', async () => {
    const user = await createUser(ctx.t.db);
    const session = await loginWithSession(ctx.t.server, user.email, user.plainPassword);
    const { 'X-XSRF-TOKEN': _dropped, ...withoutCsrf } = session.headers;
    for (const [method, path, body] of ROUTES.filter(([m]) => m !== 'get')) {
      const res = await call(method, path, withoutCsrf, body);
      expect([path, res.status, res.body]).toEqual([path, 419, { message: 'CSRF token mismatch.' }]);
    }
  });

  it('answers 423 without a recent password confirmation, for bearer and cookie callers alike', async () => {
    const user = await createUser(ctx.t.db);
    const { headers } = await loginWithToken(ctx.t.server, user.email, user.plainPassword);
    const session = await loginWithSession(ctx.t.server, user.email, user.plainPassword);
    for (const h of [headers, session.headers]) {
      for (const [method, path, body] of ROUTES) {
        const res = await call(method, path, h, body);
        expect([path, res.status, res.body]).toEqual([
          path,
          423,
          { message: 'Password confirmation required.' },
        ]);
      }
    }
    // The confirmation lapses after PASSWORD_TIMEOUT (10800 s by default).
    const confirmed = await confirmedToken(ctx.t.server, user);
    await call('get', '/user/passkeys', confirmed).expect(200);
    ctx.t.clock.advance(10_800_000 + 1000);
    await call('get', '/user/passkeys', confirmed).expect(423);
  });

  it('registers several passkeys per user: options, verification, 201, list, rename; public material only at rest', async () => {
    const user = await createUser(ctx.t.db);
    const headers = await confirmedToken(ctx.t.server, user);
    const authenticator = new SoftwareAuthenticator();

    const options = await request(ctx.t.server).post('/user/passkeys/options').set(headers).expect(200);
    expect(options.body).toMatchObject({
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      rp: { id: TEST_RP_ID, name: 'Passkey Test' },
      user: { name: user.email, displayName: `${user.firstName} ${user.lastName}` },
      timeout: 300_000,
      attestation: 'none',
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    // The user handle is opaque: neither the id nor the email.
    expect(Buffer.from(options.body.user.id, 'base64url').toString()).not.toContain(String(user.id));
    const created = await request(ctx.t.server)
      .post('/user/passkeys')
      .set(headers)
      .send({ name: '  Laptop  ', response: authenticator.create(options.body) })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Laptop',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_used_at: null,
    });

    const phone = new SoftwareAuthenticator();
    const second = await request(ctx.t.server).post('/user/passkeys/options').set(headers).expect(200);
    expect(second.body.excludeCredentials).toEqual([
      { id: [...authenticator.credentials.keys()][0], type: 'public-key', transports: ['internal'] },
    ]);
    await request(ctx.t.server)
      .post('/user/passkeys')
      .set(headers)
      .send({ name: 'Phone', response: phone.create(second.body) })
      .expect(201);

    const list = await request(ctx.t.server).get('/user/passkeys').set(headers).expect(200);
    expect(list.body.map((p: { name: string }) => p.name)).toEqual(['Laptop', 'Phone']);
    const renamed = await request(ctx.t.server)
      .put(`/user/passkeys/${created.body.id}`)
      .set(headers)
      .send({ name: 'Work laptop' })
      .expect(200);
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Work laptop' });

    const rows = await ctx.t.db.query('SELECT * FROM passkeys WHERE user_id = $1 ORDER BY id', [user.id]);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        'aaguid',
        'backed_up',
        'counter',
        'created_at',
        'credential_id',
        'device_type',
        'id',
        'last_used_at',
        'name',
        'public_key',
        'transports',
        'user_id',
      ].sort(),
    );
    expect(rows[0]).toMatchObject({ credential_id: [...authenticator.credentials.keys()][0], counter: '0' });
    expect(await eventKinds(ctx.t, user.id)).toEqual(
      expect.arrayContaining(['passkey_registered', 'passkey_registered', 'passkey_renamed']),
    );
  });

  it('refuses (422 on response) answers from another origin or RP id, without user verification, or malformed', async () => {
    const user = await createUser(ctx.t.db);
    const headers = await confirmedToken(ctx.t.server, user);
    const authenticator = new SoftwareAuthenticator();
    for (const tweaks of [
      { origin: 'http://evil.example' },
      { origin: `${TEST_ORIGIN}.evil.example` },
      { rpId: 'evil.example' },
      { userVerified: false },
      { userPresent: false },
      { type: 'private-key' },
      { challenge: Buffer.alloc(32, 1).toString('base64url') },
    ]) {
      const res = await registerPasskey(ctx.t.server, headers, authenticator, 'Key', tweaks);
      const expected = tweaks.challenge ? CHALLENGE_EXPIRED : PASSKEY_INVALID;
      expect([tweaks, res.status, res.body]).toEqual([
        tweaks,
        422,
        { message: expected, errors: { response: [expected] } },
      ]);
    }
    for (const response of [
      {},
      { id: 'x' },
      'text',
      [],
      { id: 'a', rawId: 'a', type: 'public-key', response: {} },
    ]) {
      const res = await request(ctx.t.server)
        .post('/user/passkeys')
        .set(headers)
        .send({ name: 'K', response });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['response']);
    }
    const noName = await request(ctx.t.server).post('/user/passkeys').set(headers).send({ response: {} });
    expect(noName.body.errors.name).toEqual(['The name field is required.']);
    expect(await ctx.t.db.query('SELECT 1 FROM passkeys')).toEqual([]);
  });

  it('ignores transports that are not a list of names (stored empty), instead of failing', async () => {
    const user = await createUser(ctx.t.db);
    const headers = await confirmedToken(ctx.t.server, user);
    for (const transports of ['internal', { 0: 'usb' }, [1, null, 'x'.repeat(50)]]) {
      const options = await request(ctx.t.server).post('/user/passkeys/options').set(headers).expect(200);
      const response = new SoftwareAuthenticator().create(options.body);
      await request(ctx.t.server)
        .post('/user/passkeys')
        .set(headers)
        .send({ name: 'Key', response: { ...response, response: { ...response.response, transports } } })
        .expect(201);
    }
    const rows = await ctx.t.db.query('SELECT transports FROM passkeys');
    expect(rows).toEqual([{ transports: '' }, { transports: '' }, { transports: '' }]);
  });

  it('uses a registration challenge once, for its own user, within 5 minutes', async () => {
    const [alice, bob] = [await createUser(ctx.t.db), await createUser(ctx.t.db)];
    const [aliceHeaders, bobHeaders] = [
      await confirmedToken(ctx.t.server, alice),
      await confirmedToken(ctx.t.server, bob),
    ];
    const authenticator = new SoftwareAuthenticator();
    const send = (headers: object, response: object) =>
      request(ctx.t.server)
        .post('/user/passkeys')
        .set(headers as Record<string, string>)
        .send({ name: 'Key', response });

    const options = (await request(ctx.t.server).post('/user/passkeys/options').set(aliceHeaders)).body;
    // Bob cannot answer Alice's challenge (and that does not burn it for her).
    expect((await send(bobHeaders, authenticator.create(options))).body.errors).toEqual({
      response: [CHALLENGE_EXPIRED],
    });
    await send(aliceHeaders, authenticator.create(options)).expect(201);
    // Replayed: the same challenge again.
    expect((await send(aliceHeaders, authenticator.create(options))).body.errors).toEqual({
      response: [CHALLENGE_EXPIRED],
    });

    ctx.t.clock.freeze(Date.now());
    const late = (await request(ctx.t.server).post('/user/passkeys/options').set(aliceHeaders)).body;
    ctx.t.clock.advance(5 * 60 * 1000 + 1);
    expect((await send(aliceHeaders, authenticator.create(late))).body.errors).toEqual({
      response: [CHALLENGE_EXPIRED],
    });
  });

  it("answers 404 for an unknown or malformed id and 403 for another user's passkey", async () => {
    const [alice, bob] = [await createUser(ctx.t.db), await createUser(ctx.t.db)];
    const aliceHeaders = await confirmedToken(ctx.t.server, alice);
    const bobHeaders = await confirmedToken(ctx.t.server, bob);
    const id = await addPasskey(ctx.t.server, aliceHeaders, new SoftwareAuthenticator());
    for (const raw of ['999999', 'abc', '0', '1e3', '99999999999999999999']) {
      await request(ctx.t.server)
        .put(`/user/passkeys/${raw}`)
        .set(aliceHeaders)
        .send({ name: 'x' })
        .expect(404);
      await request(ctx.t.server).delete(`/user/passkeys/${raw}`).set(aliceHeaders).expect(404);
    }
    const put = await request(ctx.t.server)
      .put(`/user/passkeys/${id}`)
      .set(bobHeaders)
      .send({ name: 'Mine' });
    expect([put.status, put.body]).toEqual([403, { message: 'This action is unauthorized.' }]);
    await request(ctx.t.server).delete(`/user/passkeys/${id}`).set(bobHeaders).expect(403);
    const [row] = await ctx.t.db.query('SELECT name FROM passkeys WHERE id = $1', [id]);
    expect(row).toEqual({ name: 'Laptop' });
  });

  it('deletes a passkey (204, security event, notice mail) and mails a notice for each registration', async () => {
    const user = await createUser(ctx.t.db);
    const headers = await confirmedToken(ctx.t.server, user);
    const id = await addPasskey(ctx.t.server, headers, new SoftwareAuthenticator(), 'Old <b>phone</b>');
    await request(ctx.t.server).delete(`/user/passkeys/${id}`).set(headers).expect(204);
    expect(await request(ctx.t.server).get('/user/passkeys').set(headers).expect(200)).toHaveProperty(
      'body',
      [],
    );
    expect(await eventKinds(ctx.t, user.id)).toEqual(
      expect.arrayContaining(['passkey_registered', 'passkey_removed']),
    );
    await ctx.t.app.get(MailService).drain();
    expect(ctx.smtp.messages.map((m) => [m.to, m.subject])).toEqual([
      [user.email, 'A passkey was added — Passkey Test'],
      [user.email, 'A passkey was removed — Passkey Test'],
    ]);
    expect(ctx.smtp.messages[0].text).toContain('"Old <b>phone</b>"');
    expect(ctx.smtp.messages[0].html).toContain('Old &lt;b&gt;phone&lt;/b&gt;');
  });

  it("refuses (422) to delete an account's last way to log in; a passwordless account needs no confirmation", async () => {
    const user = await createUser(ctx.t.db);
    const { headers } = await loginWithToken(ctx.t.server, user.email, user.plainPassword);
    await request(ctx.t.server)
      .post('/user/confirm-password')
      .set(headers)
      .send({ password: user.plainPassword });
    const [first, second] = [
      await addPasskey(ctx.t.server, headers, new SoftwareAuthenticator(), 'One'),
      await addPasskey(ctx.t.server, headers, new SoftwareAuthenticator(), 'Two'),
    ];
    // A social-only account that added passkeys: no password left to confirm or to log in with.
    await ctx.t.db.query('UPDATE users SET password = NULL WHERE id = $1', [user.id]);
    await ctx.t.db.query('UPDATE personal_access_tokens SET password_confirmed_at = NULL');
    forgetCachedCredentials();

    await request(ctx.t.server).delete(`/user/passkeys/${first}`).set(headers).expect(204);
    const last = await request(ctx.t.server).delete(`/user/passkeys/${second}`).set(headers);
    expect([last.status, last.body]).toEqual([
      422,
      { message: LAST_LOGIN_METHOD, errors: { id: [LAST_LOGIN_METHOD] } },
    ]);
    // A linked provider is another way in: then the passkey may go.
    await ctx.t.db.query(
      `INSERT INTO social_accounts (user_id, provider, provider_user_id) VALUES ($1, 'google', 'g-1')`,
      [user.id],
    );
    await request(ctx.t.server).delete(`/user/passkeys/${second}`).set(headers).expect(204);
    // And the provider is now the last way in: social unlinking applies the same rule.
    const unlink = await request(ctx.t.server).delete('/api/user/social-accounts/google').set(headers);
    expect(unlink.status).toBe(422);
  });
});
