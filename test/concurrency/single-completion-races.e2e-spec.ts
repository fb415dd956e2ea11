import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../factories/users.factory';
import { loginWithToken } from '../utils/auth-helpers';
import { burst, expectAllAnswered, listen } from '../utils/concurrency';
import { createTestApp, resetDatabase, type TestApp } from '../utils/test-app';
import { codeAt, enableTwoFactor, FROZEN_AT, pendingCookieLogin, TWO_FACTOR_ENV } from '../utils/two-factor';

const ROUNDS = 6;

/** Things one client may complete once, sent several times at once by that same client. */
describe('one completion per pending login, password and logout', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(TWO_FACTOR_ENV);
    await resetDatabase(t.db);
    await listen(t.server);
    t.clock.freeze(FROZEN_AT);
  });
  afterEach(() => t.close());

  const countEvents = async (kind: string, userId: number) =>
    Number(
      (
        await t.db.query('SELECT count(*)::int AS n FROM security_events WHERE kind = $1 AND user_id = $2', [
          kind,
          userId,
        ])
      )[0].n,
    );

  it('one pending cookie login, two valid second factors at once: one 204, one 422, one code used', async () => {
    const user = await createUser(t.db);
    const tf = await enableTwoFactor(t, user);
    let codes = [...tf.recoveryCodes];
    for (let round = 0; round < ROUNDS; round++) {
      const pending = await pendingCookieLogin(t, user);
      const [first, second] = codes;
      const factors =
        round % 2
          ? [{ recovery_code: first }, { code: await codeAt(t, tf.secret) }]
          : [{ recovery_code: first }, { recovery_code: second }];
      const answers = expectAllAnswered(
        await burst(
          factors.map((f, i) => ({ owner: i, f })),
          (x) => request(t.server).post('/two-factor-challenge').set(pending.headers).send(x.f),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([204, 422]);
      const left = (
        await t.db.query('SELECT count(*)::int AS n FROM two_factor_recovery_codes WHERE user_id = $1', [
          user.id,
        ])
      )[0].n;
      // Exactly one factor was spent: the loser's recovery code (if it sent one) is still there.
      const spentRecovery = codes.length - Number(left);
      const winnerUsedRecovery = answers.some((r, i) => r.status === 204 && 'recovery_code' in factors[i]);
      expect(spentRecovery).toBe(winnerUsedRecovery ? 1 : 0);
      codes = (await request(t.server).get('/user/two-factor-recovery-codes').set(tf.headers))
        .body as string[];
      t.clock.advance(30_000);
    }
  });

  it('two password changes of one account at once: one 200, the other 422, and the winner stays signed in', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const user = await createUser(t.db);
      const callers = await Promise.all(
        [0, 1].map(() => loginWithToken(t.server, user.email, user.plainPassword)),
      );
      const answers = expectAllAnswered(
        await burst(
          callers.map((c, i) => ({ owner: i, c })),
          (x) =>
            request(t.server)
              .put('/user/password')
              .set(x.c.headers)
              .send({
                current_password: user.plainPassword,
                password: `New-Pass-${x.owner}-2026!`,
                password_confirmation: `New-Pass-${x.owner}-2026!`,
              }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
      const winner = answers.findIndex((r) => r.status === 200);
      expect(answers[1 - winner].body.errors).toEqual({
        current_password: ['The provided password is incorrect.'],
      });
      await request(t.server).get('/api/user').set(callers[winner].headers).expect(200);
      await request(t.server)
        .get('/api/user')
        .set(callers[1 - winner].headers)
        .expect(401);
      await loginWithToken(t.server, user.email, `New-Pass-${winner}-2026!`);
    }
  });

  it('one token logged out ten times at once: all answered, one logout event', async () => {
    const user = await createUser(t.db);
    for (let round = 1; round <= ROUNDS; round++) {
      const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
      const answers = expectAllAnswered(
        await burst(
          Array.from({ length: 10 }, (_, i) => ({ owner: i })),
          () => request(t.server).post('/api/logout').set(headers),
        ),
      );
      for (const r of answers) expect([200, 401]).toContain(r.status);
      expect(await countEvents('logout', user.id)).toBe(round);
      await request(t.server).get('/api/user').set(headers).expect(401);
    }
  });
});
