import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';
import {
  apiChallenge,
  codeAt,
  confirmPassword,
  cookieLogin,
  countRows,
  dumpDatabase,
  enableTwoFactor,
  eventKinds,
  FROZEN_AT,
  INVALID_CHALLENGE,
  INVALID_CODE,
  INVALID_RECOVERY_CODE,
  pendingCookieLogin,
  TWO_FACTOR_ENV,
  userResource,
  wrongCode,
} from '../../utils/two-factor';

const ROUTES: [method: 'get' | 'post' | 'delete', path: string, body?: object][] = [
  ['post', '/user/two-factor-authentication'],
  ['delete', '/user/two-factor-authentication'],
  ['get', '/user/two-factor-qr-code'],
  ['get', '/user/two-factor-secret-key'],
  ['post', '/user/confirmed-two-factor-authentication', { code: '123456' }],
  ['get', '/user/two-factor-recovery-codes'],
  ['post', '/user/two-factor-recovery-codes'],
];
const LOCKED = 'Password confirmation required.';
const RECOVERY_CODE = /^[a-z0-9]{10}-[a-z0-9]{10}$/;

describe('two-factor setup (/user/two-factor-*)', () => {
  let t: TestApp;
  const boot = async (env: Record<string, string> = {}): Promise<TestApp> => {
    // A fresh app per test: throttle counters live in process memory and user ids restart at 1.
    const app = await createTestApp({ ...TWO_FACTOR_ENV, APP_NAME: 'Test App', ...env });
    app.clock.freeze(FROZEN_AT);
    return app;
  };
  /** Calls every management route with `headers`; each must answer `status` with `message`. */
  const expectEveryRoute = async (headers: Record<string, string>, status: number, message: string) => {
    for (const [method, path, body] of ROUTES) {
      const req = request(t.server)[method](path).set(headers);
      const res = await (body ? req.send(body) : req);
      expect([path, res.status, res.body.message]).toEqual([path, status, message]);
    }
  };
  beforeEach(async () => {
    t = await boot();
    await resetDatabase(t.db);
  });
  afterEach(() => t.close());

  it('answers 401 to anonymous callers on every management route', async () => {
    await expectEveryRoute({ Accept: 'application/json' }, 401, 'Unauthenticated.');
  });

  it('answers 423 without a recent password confirmation, on a session and on a token', async () => {
    const user = await createUser(t.db);
    const session = await loginWithSession(t.server, user.email, user.plainPassword);
    const token = await loginWithToken(t.server, user.email, user.plainPassword);
    for (const headers of [session.headers, token.headers]) await expectEveryRoute(headers, 423, LOCKED);
    expect(await countRows(t, 'two_factor_authentications', user.id)).toBe(0);
    // A confirmation belongs to the credential that made it: the session's does not unlock the token.
    await confirmPassword(t, session.headers, user.plainPassword);
    await request(t.server).post('/user/two-factor-authentication').set(session.headers).expect(200);
    await request(t.server).get('/user/two-factor-secret-key').set(token.headers).expect(423);
  });

  it('answers 423 again once PASSWORD_TIMEOUT has passed', async () => {
    await t.close();
    t = await boot({ PASSWORD_TIMEOUT: '60' });
    const user = await createUser(t.db);
    const session = await loginWithSession(t.server, user.email, user.plainPassword);
    const token = await loginWithToken(t.server, user.email, user.plainPassword);
    await confirmPassword(t, session.headers, user.plainPassword);
    await confirmPassword(t, token.headers, user.plainPassword);
    await request(t.server).post('/user/two-factor-authentication').set(token.headers).expect(200);
    t.clock.advance(59_000);
    for (const headers of [session.headers, token.headers])
      await request(t.server).get('/user/two-factor-secret-key').set(headers).expect(200);
    t.clock.advance(2_000);
    for (const headers of [session.headers, token.headers]) await expectEveryRoute(headers, 423, LOCKED);
  });

  it('an unconfirmed setup changes nothing at login, and a wrong code does not confirm it', async () => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    await confirmPassword(t, headers, user.plainPassword);
    const enabled = await request(t.server).post('/user/two-factor-authentication').set(headers).expect(200);
    expect(await countRows(t, 'two_factor_recovery_codes', user.id)).toBe(8);
    expect(await userResource(t, headers)).toMatchObject({
      two_factor_enabled: false,
      two_factor_recovery_codes_remaining: null,
    });

    const { body: key } = await request(t.server).get('/user/two-factor-secret-key').set(headers).expect(200);
    expect(JSON.stringify(enabled.body)).not.toContain(key.secretKey);
    const wrong = await request(t.server)
      .post('/user/confirmed-two-factor-authentication')
      .set(headers)
      .send({ code: await wrongCode(t, key.secretKey) })
      .expect(422);
    expect(wrong.body).toEqual({ message: INVALID_CODE, errors: { code: [INVALID_CODE] } });
    const [row] = await t.db.query('SELECT confirmed_at FROM two_factor_authentications WHERE user_id = $1', [
      user.id,
    ]);
    expect(row.confirmed_at).toBeNull();

    const api = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    expect(api.body.data.token).toMatch(/^\d+\|/);
    expect(api.body.data.two_factor).toBeUndefined();
    const cookie = await cookieLogin(t, user);
    expect(cookie.body).toEqual({ two_factor: false });
    expect(await userResource(t, cookie.session.headers)).toMatchObject({
      id: user.id,
      two_factor_enabled: false,
    });
  });

  it('shows the QR code (SVG + otpauth URL with issuer = APP_NAME, label = email) and the secret key', async () => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    await confirmPassword(t, headers, user.plainPassword);
    await request(t.server).post('/user/two-factor-authentication').set(headers).expect(200);
    const { body: key } = await request(t.server).get('/user/two-factor-secret-key').set(headers).expect(200);
    const { body: qr } = await request(t.server).get('/user/two-factor-qr-code').set(headers).expect(200);

    expect(key.secretKey).toMatch(/^[A-Z2-7]{32}$/); // 20 random bytes in base32
    expect(qr.svg).toContain('<svg');
    const url = new URL(qr.url);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe(`/Test App:${user.email}`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ secret: key.secretKey, issuer: 'Test App' });
    // SHA-1, 6 digits, 30 s: stated, or left out because they are what authenticators assume.
    const standard = { algorithm: 'SHA1', digits: '6', period: '30' };
    expect({ ...standard, ...params }).toMatchObject(standard);
  });

  it('a right code activates 2FA with 8 recovery codes; the confirmation code counts as used', async () => {
    const user = await createUser(t.db);
    const tf = await enableTwoFactor(t, user);
    expect(await userResource(t, tf.headers)).toMatchObject({
      two_factor_enabled: true,
      two_factor_recovery_codes_remaining: 8,
    });

    // One step later the confirmation code is still inside the ±1 window: only replay protection stops it.
    const challenge = await apiChallenge(t, user);
    const replay = await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge, code: tf.confirmCode })
      .expect(422);
    expect(replay.body.errors).toEqual({ code: [INVALID_CODE] });
    await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge, code: await codeAt(t, tf.secret) })
      .expect(200);
    expect(await eventKinds(t, user.id)).toEqual(
      expect.arrayContaining(['two_factor_enabled', 'two_factor_confirmed']),
    );
  });

  it('lists 8 unique recovery codes and regenerates all of them; the old ones stop working', async () => {
    const user = await createUser(t.db);
    const tf = await enableTwoFactor(t, user);
    expect(tf.recoveryCodes).toHaveLength(8);
    expect(new Set(tf.recoveryCodes).size).toBe(8);
    for (const code of tf.recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
    const hashesOf = async (): Promise<string[]> => {
      const sql = 'SELECT code_hash AS h FROM two_factor_recovery_codes WHERE user_id = $1';
      return ((await t.db.query(sql, [user.id])) as { h: string }[]).map((r) => r.h);
    };
    const oldHashes = await hashesOf();

    const regen = await request(t.server).post('/user/two-factor-recovery-codes').set(tf.headers).expect(200);
    const fresh = regen.body as string[];
    expect(fresh).toHaveLength(8);
    expect(new Set(fresh).size).toBe(8);
    for (const code of fresh) expect(code).toMatch(RECOVERY_CODE);
    expect(fresh.filter((c) => tf.recoveryCodes.includes(c))).toEqual([]);
    const listed = await request(t.server).get('/user/two-factor-recovery-codes').set(tf.headers).expect(200);
    expect([...listed.body].sort()).toEqual([...fresh].sort());
    const newHashes = await hashesOf();
    expect(newHashes).toHaveLength(8);
    expect(newHashes.filter((h) => oldHashes.includes(h))).toEqual([]);

    // The disjoint hashes cover all 8 old codes; at the door, two of them (a user has 5 tries a minute).
    const pending = await pendingCookieLogin(t, user);
    for (const old of tf.recoveryCodes.slice(0, 2)) {
      const res = await request(t.server)
        .post('/two-factor-challenge')
        .set(pending.headers)
        .send({ recovery_code: old })
        .expect(422);
      expect(res.body.errors).toEqual({ recovery_code: [INVALID_RECOVERY_CODE] });
    }
    await request(t.server)
      .post('/two-factor-challenge')
      .set(pending.headers)
      .send({ recovery_code: fresh[0] })
      .expect(204);
    expect(await eventKinds(t, user.id)).toContain('two_factor_recovery_codes_regenerated');
  });

  it('disable erases the secret, the codes and open challenges; login stops asking', async () => {
    const user = await createUser(t.db);
    const tf = await enableTwoFactor(t, user);
    const openChallenge = await apiChallenge(t, user);
    const res = await request(t.server).delete('/user/two-factor-authentication').set(tf.headers).expect(200);
    expect(JSON.stringify(res.body)).not.toContain(tf.secret);

    for (const table of ['two_factor_authentications', 'two_factor_recovery_codes', 'two_factor_challenges'])
      expect([table, await countRows(t, table, user.id)]).toEqual([table, 0]);
    const stale = await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge: openChallenge, code: await codeAt(t, tf.secret) })
      .expect(422);
    expect(stale.body.errors).toEqual({ challenge: [INVALID_CHALLENGE] });

    const api = await loginWithToken(t.server, user.email, user.plainPassword);
    expect(await userResource(t, api.headers)).toMatchObject({
      two_factor_enabled: false,
      two_factor_recovery_codes_remaining: null, // documented: null while 2FA is off
    });
    const cookie = await cookieLogin(t, user);
    expect(cookie.body).toEqual({ two_factor: false });
    expect(await userResource(t, cookie.session.headers)).toMatchObject({ id: user.id });
    expect(await eventKinds(t, user.id)).toContain('two_factor_disabled');
  });

  it('keeps the secret and the recovery codes encrypted at rest', async () => {
    const user = await createUser(t.db);
    const tf = await enableTwoFactor(t, user);
    const [cred] = await t.db.query(
      'SELECT secret_encrypted FROM two_factor_authentications WHERE user_id = $1',
      [user.id],
    );
    const codes = (await t.db.query(
      'SELECT code_encrypted, code_hash FROM two_factor_recovery_codes WHERE user_id = $1',
      [user.id],
    )) as { code_encrypted: string; code_hash: string }[];
    expect(codes).toHaveLength(8);
    const columns = [
      cred.secret_encrypted as string,
      ...codes.flatMap((c) => [c.code_encrypted, c.code_hash]),
    ];
    const plain = [tf.secret, ...tf.recoveryCodes];
    for (const value of columns)
      for (const secret of plain) expect(value.toLowerCase()).not.toContain(secret.toLowerCase());
    // Nor anywhere else in the database (events, sessions, tokens…).
    const dump = (await dumpDatabase(t)).toLowerCase();
    for (const secret of plain) expect(dump).not.toContain(secret.toLowerCase());
    expect(JSON.stringify(await userResource(t, tf.headers))).not.toContain(tf.secret);
  });
});
