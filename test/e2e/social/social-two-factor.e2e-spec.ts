import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { absorb } from '../../utils/auth-helpers';
import { APP_LINK, landing, person, SocialFixture, socialLogin, spa } from '../../utils/social-flow';
import { resetDatabase, type TestApp } from '../../utils/test-app';
import {
  codeAt,
  enableTwoFactor,
  eventKinds,
  FROZEN_AT,
  INVALID_CODE,
  wrongCode,
} from '../../utils/two-factor';

/**
 * A 2FA account that logs in through a provider still has to pass the second factor (docs/http-contract.md
 * §7, §8).
 */
describe('social login of a two-factor account', () => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    fx.twitter.reset();
    t.clock.freeze(FROZEN_AT);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => fx.stop());

  /** A verified password account with confirmed 2FA, whose Google identity (same verified address) links on login. */
  const twoFactorAccount = async () => {
    const user = await createUser(t.db, { emailVerifiedAt: new Date() });
    const tf = await enableTwoFactor(t, user);
    fx.setProfile('google', person({ email: user.email, verified: true }));
    return { user, tf };
  };

  it('answers status=two_factor and authenticates the session only after the challenge', async () => {
    const { user, tf } = await twoFactorAccount();
    const done = await socialLogin(t, 'google');
    expect(done.location.toString()).toBe('http://spa.test/auth/callback?status=two_factor&provider=google');
    const pending = done.session;
    await request(t.server).get('/api/user').set(spa(pending)).expect(401);
    const rows = (await t.db.query('SELECT user_id FROM sessions WHERE user_id IS NOT NULL')) as object[];
    expect(rows).toEqual([]);

    const wrong = await request(t.server)
      .post('/two-factor-challenge')
      .set(pending.headers)
      .send({ code: await wrongCode(t, tf.secret) })
      .expect(422);
    expect(wrong.body.errors).toEqual({ code: [INVALID_CODE] });
    await request(t.server).get('/api/user').set(spa(pending)).expect(401);

    const ok = await request(t.server)
      .post('/two-factor-challenge')
      .set(pending.headers)
      .send({ code: await codeAt(t, tf.secret) })
      .expect(204);
    const me = await request(t.server)
      .get('/api/user')
      .set(spa(absorb(pending, ok)))
      .expect(200);
    expect(me.body.data).toMatchObject({ id: user.id, social_accounts: ['google'] });
    expect(await eventKinds(t, user.id)).toEqual(
      expect.arrayContaining(['social_linked', 'social_login', 'two_factor_challenged']),
    );
  });

  it('a recovery code also completes the pending social login', async () => {
    const { user, tf } = await twoFactorAccount();
    const done = await socialLogin(t, 'google');
    expect(landing(done.location)).toEqual({ status: 'two_factor', provider: 'google' });
    const ok = await request(t.server)
      .post('/two-factor-challenge')
      .set(done.session.headers)
      .send({ recovery_code: tf.recoveryCodes[0] })
      .expect(204);
    const me = await request(t.server)
      .get('/api/user')
      .set(spa(absorb(done.session, ok)))
      .expect(200);
    expect(me.body.data.id).toBe(user.id);
  });

  it('gives the app a challenge (client=app) and no code, traded at POST /api/two-factor-challenge', async () => {
    const { user, tf } = await twoFactorAccount();
    const done = await socialLogin(t, 'google', { client: 'app', app_link: APP_LINK });
    expect(`${done.location.protocol}//${done.location.host}`).toBe(APP_LINK);
    const params = landing(done.location);
    expect(params).toEqual({ status: 'two_factor', provider: 'google', challenge: expect.any(String) });
    expect(await t.db.query('SELECT id FROM social_login_codes')).toEqual([]);

    const res = await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge: params.challenge, code: await codeAt(t, tf.secret) })
      .expect(200);
    expect(res.body.data.user).toMatchObject({ id: user.id, email: user.email });
    await request(t.server)
      .get('/api/user')
      .set({ Authorization: `Bearer ${res.body.data.token}`, Accept: 'application/json' })
      .expect(200);
    // The challenge is single use.
    t.clock.advance(30_000);
    await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge: params.challenge, code: await codeAt(t, tf.secret) })
      .expect(422);
  });
});
