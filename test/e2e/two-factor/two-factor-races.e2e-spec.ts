import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';
import {
  apiChallenge,
  codeAt,
  countRows,
  enableTwoFactor,
  eventKinds,
  FROZEN_AT,
  INVALID_CHALLENGE,
  INVALID_CODE,
  INVALID_RECOVERY_CODE,
  pendingCookieLogin,
  TWO_FACTOR_ENV,
} from '../../utils/two-factor';

/**
 * The same second factor sent on 5 pending logins at the same instant must succeed exactly once.
 * Meant for real PostgreSQL (DATABASE_URL), where the requests' queries interleave on a pool of
 * connections; on the embedded database they are serialised, and the test still has to pass.
 * 5 tries is exactly a user's budget for a minute, so every round uses a fresh user.
 */
const ROUNDS = 3;
const PARALLEL = 5;

describe('two-factor races', () => {
  let t: TestApp;
  beforeEach(async () => {
    // A fresh app per test: throttle counters live in process memory and user ids restart at 1.
    t = await createTestApp(TWO_FACTOR_ENV);
    await resetDatabase(t.db);
    t.clock.freeze(FROZEN_AT);
    // A listening server: supertest then neither starts nor stops one per request.
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', () => resolve()));
  });
  afterEach(() => t.close());

  const twoFactorUser = async () => {
    const user = await createUser(t.db);
    return { user, tf: await enableTwoFactor(t, user) };
  };
  const statuses = (responses: request.Response[]) => responses.map((r) => r.status).sort();
  const losers = (responses: request.Response[], ok: number) => responses.filter((r) => r.status !== ok);
  const times = <T>(n: number, make: () => Promise<T>) =>
    Array.from({ length: n }).reduce<Promise<T[]>>(
      async (acc) => [...(await acc), await make()],
      Promise.resolve([]),
    );

  it('one fresh code on 5 bearer challenges at once: exactly one token', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { user, tf } = await twoFactorUser();
      const challenges = await times(PARALLEL, () => apiChallenge(t, user));
      const code = await codeAt(t, tf.secret);
      const responses = await Promise.all(
        challenges.map((challenge) =>
          request(t.server).post('/api/two-factor-challenge').send({ challenge, code }),
        ),
      );
      expect(statuses(responses)).toEqual([200, 422, 422, 422, 422]);
      for (const r of losers(responses, 200)) expect(r.body.errors).toEqual({ code: [INVALID_CODE] });
      expect(await countRows(t, 'personal_access_tokens', user.id)).toBe(2); // the helper's + the winner's
      expect(await countRows(t, 'two_factor_challenges', user.id)).toBe(PARALLEL - 1);
    }
  });

  it('one fresh code on 5 cookie pending logins at once: exactly one authenticated session', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { user, tf } = await twoFactorUser();
      const pendings = await times(PARALLEL, () => pendingCookieLogin(t, user));
      const code = await codeAt(t, tf.secret);
      const responses = await Promise.all(
        pendings.map((p) => request(t.server).post('/two-factor-challenge').set(p.headers).send({ code })),
      );
      expect(statuses(responses)).toEqual([204, 422, 422, 422, 422]);
      for (const r of losers(responses, 204)) expect(r.body.errors).toEqual({ code: [INVALID_CODE] });
      expect(await countRows(t, 'sessions', user.id)).toBe(1);
    }
  });

  it('one recovery code on 5 pending logins at once: exactly one success, and the code is gone', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { user, tf } = await twoFactorUser();
      const [code] = tf.recoveryCodes;
      const pendings = await times(PARALLEL, () => pendingCookieLogin(t, user));
      const responses = await Promise.all(
        pendings.map((p) =>
          request(t.server).post('/two-factor-challenge').set(p.headers).send({ recovery_code: code }),
        ),
      );
      expect(statuses(responses)).toEqual([204, 422, 422, 422, 422]);
      for (const r of losers(responses, 204))
        expect(r.body.errors).toEqual({ recovery_code: [INVALID_RECOVERY_CODE] });
      expect(await countRows(t, 'sessions', user.id)).toBe(1);
      expect(await countRows(t, 'two_factor_recovery_codes', user.id)).toBe(7);
      const listed = await request(t.server)
        .get('/user/two-factor-recovery-codes')
        .set(tf.headers)
        .expect(200);
      expect(listed.body).not.toContain(code);
      const used = (await eventKinds(t, user.id)).filter((k) => k === 'two_factor_recovery_code_used');
      expect(used).toHaveLength(1);
    }
  });

  it('one bearer challenge with 5 different valid recovery codes at once: exactly one token', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { user, tf } = await twoFactorUser();
      const challenge = await apiChallenge(t, user);
      const responses = await Promise.all(
        tf.recoveryCodes
          .slice(0, PARALLEL)
          .map((recovery_code) =>
            request(t.server).post('/api/two-factor-challenge').send({ challenge, recovery_code }),
          ),
      );
      expect(statuses(responses)).toEqual([200, 422, 422, 422, 422]);
      // A loser either found the challenge already consumed or lost the race to consume it.
      for (const r of losers(responses, 200))
        expect(r.body.errors).toEqual({ challenge: [INVALID_CHALLENGE] });
      expect(await countRows(t, 'personal_access_tokens', user.id)).toBe(2);
      expect(await countRows(t, 'two_factor_challenges', user.id)).toBe(0);
    }
  });
});
