import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';
import {
  apiChallenge,
  codeAt,
  countRows,
  dumpDatabase,
  enableTwoFactor,
  FROZEN_AT,
  INVALID_CHALLENGE,
  INVALID_CODE,
  pendingCookieLogin,
  sha256Hex,
  TWO_FACTOR_ENV,
  userResource,
  wrongCode,
} from '../../utils/two-factor';

const TOO_MANY = 'Too Many Attempts.';

/** Bearer logins of 2FA accounts (POST /api/login → POST /api/two-factor-challenge), batch rows, throttling. */
describe('two-factor challenge, bearer flow and throttling', () => {
  let t: TestApp;
  beforeEach(async () => {
    // A fresh app per test: throttle counters live in process memory and user ids restart at 1.
    t = await createTestApp(TWO_FACTOR_ENV);
    await resetDatabase(t.db);
    t.clock.freeze(FROZEN_AT);
  });
  afterEach(() => t.close());

  const twoFactorUser = async () => {
    const user = await createUser(t.db);
    return { user, tf: await enableTwoFactor(t, user) };
  };
  const trade = (body: object) => request(t.server).post('/api/two-factor-challenge').send(body);
  const expectChallengeRefused = (res: request.Response) => {
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ success: false, data: null, message: INVALID_CHALLENGE });
    expect(res.body.errors).toEqual({ challenge: [INVALID_CHALLENGE] });
  };

  it('POST /api/login answers an opaque challenge, stored only as its SHA-256, and no token', async () => {
    const { user } = await twoFactorUser();
    const tokensBefore = await countRows(t, 'personal_access_tokens', user.id);
    const res = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    expect(res.body).toEqual({
      success: true,
      errors_message: null,
      data: { two_factor: true, challenge: expect.stringMatching(/^[A-Za-z0-9]{48}$/) },
    });
    const { challenge } = res.body.data as { challenge: string };
    expect(await countRows(t, 'personal_access_tokens', user.id)).toBe(tokensBefore);
    const rows = await t.db.query('SELECT user_id, challenge_hash FROM two_factor_challenges');
    expect(rows).toEqual([{ user_id: user.id, challenge_hash: sha256Hex(challenge) }]);
    expect(await dumpDatabase(t)).not.toContain(challenge);
  });

  it('trades a challenge plus a code for {user, token}, once', async () => {
    const { user, tf } = await twoFactorUser();
    const challenge = await apiChallenge(t, user);
    const wrong = await trade({ challenge, code: await wrongCode(t, tf.secret) }).expect(422);
    expect(wrong.body.errors).toEqual({ code: [INVALID_CODE] });

    const ok = await trade({ challenge, code: await codeAt(t, tf.secret) }).expect(200);
    expect(Object.keys(ok.body.data).sort()).toEqual(['token', 'user']);
    expect(ok.body.data.user).toMatchObject({ id: user.id, email: user.email, two_factor_enabled: true });
    expect(ok.body.data.token).toMatch(/^\d+\|[A-Za-z0-9]{48}$/);
    const headers = { Authorization: `Bearer ${ok.body.data.token}`, Accept: 'application/json' };
    expect(await userResource(t, headers)).toMatchObject({ id: user.id });
    expect(await countRows(t, 'two_factor_challenges', user.id)).toBe(0);

    expectChallengeRefused(await trade({ challenge, code: await codeAt(t, tf.secret, 1) }));
    const failed = await t.db.query(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND kind = 'two_factor_failed'",
      [user.id],
    );
    expect(failed).toEqual([{ metadata: { method: 'code' } }]);
  });

  it('trades a challenge plus a recovery code, which is then used up', async () => {
    const { user, tf } = await twoFactorUser();
    const ok = await trade({ challenge: await apiChallenge(t, user), recovery_code: tf.recoveryCodes[3] });
    expect(ok.status).toBe(200);
    expect(ok.body.data.user.two_factor_recovery_codes_remaining).toBe(7);
    const again = await trade({ challenge: await apiChallenge(t, user), recovery_code: tf.recoveryCodes[3] });
    expect(again.status).toBe(422);
    expect(Object.keys(again.body.errors)).toEqual(['recovery_code']);
  });

  it('refuses unknown, malformed and missing challenges with errors.challenge', async () => {
    const { user, tf } = await twoFactorUser();
    await apiChallenge(t, user); // a live challenge exists; the others must not reach it
    const unknown = 'A'.repeat(24) + 'b'.repeat(24);
    for (const challenge of [unknown, 'x', 'not a challenge!', `${unknown}${unknown}`])
      expectChallengeRefused(await trade({ challenge, code: await codeAt(t, tf.secret) }));
    const missing = await trade({ code: await codeAt(t, tf.secret) }).expect(422);
    expect(Object.keys(missing.body.errors)).toEqual(['challenge']);
    expect(await countRows(t, 'personal_access_tokens', user.id)).toBe(1); // the helper's own
  });

  it('lets a challenge expire after 5 minutes', async () => {
    const { user, tf } = await twoFactorUser();
    const [early, late] = [await apiChallenge(t, user), await apiChallenge(t, user)];
    t.clock.advance(5 * 60_000 - 1_000);
    await trade({ challenge: early, code: await codeAt(t, tf.secret) }).expect(200);
    t.clock.advance(2_000);
    expectChallengeRefused(await trade({ challenge: late, code: await codeAt(t, tf.secret, 1) }));
  });

  it('puts device_name and fcm_token given at /api/login on the token row', async () => {
    const { user, tf } = await twoFactorUser();
    const challenge = await apiChallenge(t, user, {
      device_name: 'Casey’s Pixel',
      fcm_token: 'fcm-token-123',
    });
    const ok = await trade({ challenge, code: await codeAt(t, tf.secret) }).expect(200);
    const tokenId = Number(String(ok.body.data.token).split('|')[0]);
    const rows = await t.db.query(
      'SELECT user_id, name, device_name, fcm_token FROM personal_access_tokens WHERE id = $1',
      [tokenId],
    );
    expect(rows).toEqual([
      { user_id: user.id, name: 'api', device_name: 'Casey’s Pixel', fcm_token: 'fcm-token-123' },
    ]);
  });

  const batchLogin = (accounts: { email: string; password: string }[]) =>
    request(t.server).post('/api/login/batch').send({ accounts }).expect(200);

  it('gives a 2FA account in a batch login a two_factor row and no token', async () => {
    const { user } = await twoFactorUser();
    const plain = await createUser(t.db);
    const tokensBefore = await countRows(t, 'personal_access_tokens', user.id);
    const res = await batchLogin([
      { email: plain.email, password: plain.plainPassword },
      { email: user.email, password: user.plainPassword },
    ]);
    const [first, second] = res.body.data.results;
    expect(first).toMatchObject({ index: 0, success: true, token: expect.stringMatching(/^\d+\|/) });
    expect(second).toMatchObject({ index: 1, email: user.email, success: false, two_factor: true });
    expect(second.token).toBeUndefined();
    expect(second.user).toBeUndefined();
    expect(await countRows(t, 'personal_access_tokens', user.id)).toBe(tokensBefore);
  });

  // Known gap (reported): BatchLoginAction returns `two_factor: true` without a `challenge`, so a
  // 2FA row cannot finish at /api/two-factor-challenge. Turn into it() once the row carries one.
  it('gives that batch row a challenge that works at /api/two-factor-challenge', async () => {
    const { user, tf } = await twoFactorUser();
    const res = await batchLogin([{ email: user.email, password: user.plainPassword }]);
    const [row] = res.body.data.results;
    expect(row.challenge).toMatch(/^[A-Za-z0-9]{48}$/);
    const ok = await trade({ challenge: row.challenge, code: await codeAt(t, tf.secret) }).expect(200);
    expect(ok.body.data.user.id).toBe(user.id);
  });

  it('throttles one pending login after 5 tries: 429 with Retry-After, even for the right code', async () => {
    const { user, tf } = await twoFactorUser();
    const pending = await pendingCookieLogin(t, user);
    const wrong = await wrongCode(t, tf.secret);
    for (let i = 0; i < 5; i++)
      await request(t.server)
        .post('/two-factor-challenge')
        .set(pending.headers)
        .send({ code: wrong })
        .expect(422);
    const res = await request(t.server)
      .post('/two-factor-challenge')
      .set(pending.headers)
      .send({ code: await codeAt(t, tf.secret) })
      .expect(429);
    expect(res.body).toEqual({ message: TOO_MANY });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    await request(t.server).get('/api/user').set(pending.headers).expect(401);
  });

  it('counts only wrong codes: six successful challenges of one user in a minute all pass', async () => {
    const { user, tf } = await twoFactorUser();
    for (const recovery_code of tf.recoveryCodes.slice(0, 6)) {
      const res = await trade({ challenge: await apiChallenge(t, user), recovery_code }).expect(200);
      expect(res.body.data.user.id).toBe(user.id);
    }
  });

  it('throttles a user after 5 tries spread over several pending logins', async () => {
    const { user, tf } = await twoFactorUser();
    const wrong = await wrongCode(t, tf.secret);
    for (const tries of [2, 2, 1]) {
      const challenge = await apiChallenge(t, user);
      for (let i = 0; i < tries; i++) await trade({ challenge, code: wrong }).expect(422);
    }
    const fresh = await apiChallenge(t, user);
    const res = await trade({ challenge: fresh, code: await codeAt(t, tf.secret) }).expect(429);
    expect(res.body).toMatchObject({ success: false, message: TOO_MANY, errors_message: TOO_MANY });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await countRows(t, 'personal_access_tokens', user.id)).toBe(1); // the helper's own

    // Per user, not per IP: another account from the same address still gets through.
    const other = await createUser(t.db);
    const otherTf = await enableTwoFactor(t, other);
    await trade({ challenge: await apiChallenge(t, other), code: await codeAt(t, otherTf.secret) }).expect(
      200,
    );
  });
});
