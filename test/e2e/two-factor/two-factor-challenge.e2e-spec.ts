import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { absorb, cookiesOf, startBrowserSession, type BrowserSession } from '../../utils/auth-helpers';
import { createTestApp, FIRST_PARTY, resetDatabase, type TestApp } from '../../utils/test-app';
import {
  codeAt,
  enableTwoFactor,
  FROZEN_AT,
  INVALID_CODE,
  INVALID_RECOVERY_CODE,
  pendingCookieLogin,
  STEP_MS,
  TWO_FACTOR_ENV,
  userResource,
  wrongCode,
} from '../../utils/two-factor';

const CSRF_MISMATCH = 'CSRF token mismatch.';

/** Cookie logins of 2FA accounts: POST /login, then POST /two-factor-challenge (frozen clock). */
describe('two-factor challenge, cookie flow (POST /two-factor-challenge)', () => {
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
  const challenge = (s: BrowserSession, body: object) =>
    request(t.server).post('/two-factor-challenge').set(s.headers).send(body);
  const sessionCookie = (res: request.Response): string | undefined =>
    (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('app_session='));

  it('POST /login answers the 2FA body and leaves the session unauthenticated', async () => {
    const { user } = await twoFactorUser();
    const anon = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set(anon.headers)
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    expect(res.body).toEqual({ two_factor: true, message: 'Two factor authentication required' });
    const pending = absorb(anon, res);
    const me = await request(t.server).get('/api/user').set(pending.headers).expect(401);
    expect(me.body.message).toBe('Unauthenticated.');
    const rows = await t.db.query('SELECT user_id FROM sessions');
    expect(rows).toEqual([{ user_id: null }]);
  });

  it('refuses a request without CSRF token (419) and one without a pending login (422)', async () => {
    const { user, tf } = await twoFactorUser();
    const pending = await pendingCookieLogin(t, user);
    const noToken = await request(t.server)
      .post('/two-factor-challenge')
      .set({ Cookie: pending.cookie, Origin: FIRST_PARTY, Referer: `${FIRST_PARTY}/` })
      .send({ code: await codeAt(t, tf.secret) })
      .expect(419);
    expect(noToken.body).toEqual({ message: CSRF_MISMATCH });

    const anon = await startBrowserSession(t.server);
    const noPending = await challenge(anon, { code: await codeAt(t, tf.secret) }).expect(422);
    expect(noPending.body).toEqual({ message: INVALID_CODE, errors: { code: [INVALID_CODE] } });
    const noPendingRecovery = await challenge(anon, { recovery_code: tf.recoveryCodes[0] }).expect(422);
    expect(noPendingRecovery.body.errors).toEqual({ recovery_code: [INVALID_RECOVERY_CODE] });
    const nothing = await challenge(pending, {}).expect(422);
    expect(Object.keys(nothing.body.errors)).toEqual(['code']);

    // None of these used up the code or the recovery code: the pending login still completes.
    await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
    expect(await userResource(t, tf.headers)).toMatchObject({ two_factor_recovery_codes_remaining: 8 });
  });

  it('a wrong code answers 422, is recorded, and keeps the pending login', async () => {
    const { user, tf } = await twoFactorUser();
    const pending = await pendingCookieLogin(t, user);
    const wrong = await challenge(pending, { code: await wrongCode(t, tf.secret) }).expect(422);
    expect(wrong.body).toEqual({ message: INVALID_CODE, errors: { code: [INVALID_CODE] } });
    await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
    const events = await t.db.query(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND kind = 'two_factor_failed'",
      [user.id],
    );
    expect(events).toEqual([{ metadata: { method: 'code' } }]);
  });

  it('success answers 204 without body and rotates the session id and the CSRF token', async () => {
    const { user, tf } = await twoFactorUser();
    const pending = await pendingCookieLogin(t, user);
    const res = await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
    expect(res.text).toBe('');
    const rotated = cookiesOf(res);
    expect(rotated.app_session).toBeDefined();
    expect(pending.cookie).not.toContain(rotated.app_session);
    const session = absorb(pending, res);

    expect(await userResource(t, session.headers)).toMatchObject({ id: user.id, two_factor_enabled: true });
    await request(t.server).get('/api/user').set(pending.headers).expect(401);
    const staleToken = await request(t.server)
      .post('/logout')
      .set({ ...session.headers, 'X-XSRF-TOKEN': pending.xsrf })
      .expect(419);
    expect(staleToken.body).toEqual({ message: CSRF_MISMATCH });
    const rows = await t.db.query('SELECT user_id, remember FROM sessions');
    expect(rows).toEqual([{ user_id: user.id, remember: false }]);
    // Without "remember me" the cookie dies with the browser.
    expect(sessionCookie(res)).not.toMatch(/Max-Age/i);
  });

  it('accepts a code once per user, even on another pending login', async () => {
    const { user, tf } = await twoFactorUser();
    const code = await codeAt(t, tf.secret);
    await challenge(await pendingCookieLogin(t, user), { code }).expect(204);
    const other = await pendingCookieLogin(t, user);
    const replay = await challenge(other, { code }).expect(422);
    expect(replay.body.errors).toEqual({ code: [INVALID_CODE] });
    t.clock.advance(STEP_MS);
    await challenge(other, { code: await codeAt(t, tf.secret) }).expect(204);
  });

  it('accepts the codes of one step before and one step after now', async () => {
    const { user, tf } = await twoFactorUser();
    t.clock.advance(STEP_MS); // the previous step is now one nobody used
    await challenge(await pendingCookieLogin(t, user), { code: await codeAt(t, tf.secret, -1) }).expect(204);
    await challenge(await pendingCookieLogin(t, user), { code: await codeAt(t, tf.secret, 1) }).expect(204);
  });

  it('rejects codes two steps behind or ahead (out of the ±1 window)', async () => {
    const { user, tf } = await twoFactorUser();
    t.clock.advance(4 * STEP_MS); // two steps back is still after the last accepted step
    const pending = await pendingCookieLogin(t, user);
    for (const steps of [-2, 2]) {
      const res = await challenge(pending, { code: await codeAt(t, tf.secret, steps) }).expect(422);
      expect([steps, res.body.errors]).toEqual([steps, { code: [INVALID_CODE] }]);
    }
    await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
  });

  it('answers 422, not 500, when the clock is behind the last accepted step (skewed instances)', async () => {
    const { user, tf } = await twoFactorUser();
    await challenge(await pendingCookieLogin(t, user), { code: await codeAt(t, tf.secret, 1) }).expect(204);
    // Another instance whose clock runs a step behind: the last accepted step is now two ahead.
    const ahead = t.clock.nowMs();
    t.clock.freeze(ahead - STEP_MS);
    const pending = await pendingCookieLogin(t, user);
    const res = await challenge(pending, { code: await codeAt(t, tf.secret, 1) }).expect(422);
    expect(res.body.errors).toEqual({ code: [INVALID_CODE] });
    t.clock.freeze(ahead + 2 * STEP_MS);
    await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
  });

  it('answers 422 (never 500) to malformed codes', async () => {
    const { user, tf } = await twoFactorUser();
    const pending = await pendingCookieLogin(t, user);
    for (const code of ['abcdef', '12345', '1234567', '12 345']) {
      const res = await challenge(pending, { code }).expect(422);
      expect([code, res.body.errors]).toEqual([code, { code: [INVALID_CODE] }]);
    }
    await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
  });

  it('lets a pending login expire after 5 minutes', async () => {
    const { user, tf } = await twoFactorUser();
    const [early, late] = [await pendingCookieLogin(t, user), await pendingCookieLogin(t, user)];
    t.clock.advance(5 * 60_000 - 1_000);
    await challenge(early, { code: await codeAt(t, tf.secret) }).expect(204);
    t.clock.advance(2_000);
    const freshCode = await codeAt(t, tf.secret, 1); // a step no one has used yet
    const expired = await challenge(late, { code: freshCode }).expect(422);
    expect(expired.body.errors).toEqual({ code: [INVALID_CODE] });
    await request(t.server).get('/api/user').set(late.headers).expect(401);
    // The code itself was fine: a new pending login takes it.
    await challenge(await pendingCookieLogin(t, user), { code: freshCode }).expect(204);
  });

  it('accepts a recovery code exactly once and counts it down', async () => {
    const { user, tf } = await twoFactorUser();
    const [used] = tf.recoveryCodes;
    const first = await pendingCookieLogin(t, user);
    const res = await challenge(first, { recovery_code: used }).expect(204);
    const session = absorb(first, res);
    expect(await userResource(t, session.headers)).toMatchObject({ two_factor_recovery_codes_remaining: 7 });
    const listed = await request(t.server).get('/user/two-factor-recovery-codes').set(tf.headers).expect(200);
    expect(listed.body).toHaveLength(7);
    expect(listed.body).not.toContain(used);

    const again = await challenge(await pendingCookieLogin(t, user), { recovery_code: used }).expect(422);
    expect(again.body).toEqual({
      message: INVALID_RECOVERY_CODE,
      errors: { recovery_code: [INVALID_RECOVERY_CODE] },
    });
    const events = await t.db.query(
      `SELECT kind, metadata FROM security_events
        WHERE user_id = $1 AND kind IN ('two_factor_recovery_code_used', 'two_factor_failed') ORDER BY id`,
      [user.id],
    );
    expect(events).toEqual([
      { kind: 'two_factor_recovery_code_used', metadata: { remaining: 7 } },
      { kind: 'two_factor_failed', metadata: { method: 'recovery_code' } },
    ]);
  });

  it('keeps "remember me" through the challenge', async () => {
    const { user, tf } = await twoFactorUser();
    const pending = await pendingCookieLogin(t, user, { remember: true });
    const res = await challenge(pending, { code: await codeAt(t, tf.secret) }).expect(204);
    // SESSION_ABSOLUTE_LIFETIME defaults to 43200 minutes.
    expect(sessionCookie(res)).toMatch(/Max-Age=2592000/);
    const rows = await t.db.query('SELECT user_id, remember FROM sessions');
    expect(rows).toEqual([{ user_id: user.id, remember: true }]);
  });
});
