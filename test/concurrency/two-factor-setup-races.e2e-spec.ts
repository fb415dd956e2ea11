import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { loginWithToken } from '../utils/auth-helpers';
import { accounts, burst, expectAllAnswered, listen, type Account } from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';
import { codeAt, confirmPassword, FROZEN_AT, TWO_FACTOR_ENV } from '../utils/two-factor';

const ROUNDS = 10;
/** Users racing in each round, each giving its confirmation a different head start. */
const PER_ROUND = 2;

/**
 * Two-factor setup racing itself (docs/http-contract.md §1 "Concurrency", §7): POST
 * /user/confirmed-two-factor-authentication {code} for the pending secret, at the same time as POST
 * /user/two-factor-authentication, which replaces an unconfirmed secret. Whatever the order, a
 * confirmation that answered 200 leaves 2FA on with the secret its code came from (the one the user's
 * authenticator holds), and a 422 leaves it off: never "200 twice and 2FA off", never 2FA on with a
 * secret the user has never seen.
 */
describe('two-factor setup races: confirm vs re-enable', () => {
  const t = useTestApp(TWO_FACTOR_ENV);
  beforeAll(() => listen(t.server));
  beforeEach(() => {
    t.clock.freeze(FROZEN_AT);
  });

  interface Setup {
    owner: string;
    user: Account;
    headers: Record<string, string>;
    /** The pending secret, as the user's authenticator app read it. */
    secret: string;
    /** Round trips the re-enable waits for before it leaves. */
    offset: number;
  }

  /** A user with a password-confirmed token and a pending (unconfirmed) secret. */
  const pendingSetup = async (user: Account, offset: number): Promise<Setup> => {
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    await confirmPassword(t, headers, user.plainPassword);
    await request(t.server).post('/user/two-factor-authentication').set(headers).expect(200);
    const key = await request(t.server).get('/user/two-factor-secret-key').set(headers).expect(200);
    return { owner: user.email, user, headers, secret: key.body.secretKey as string, offset };
  };

  it(`${ROUNDS} rounds: if the confirmation answered 200, 2FA is on with the code's secret`, async () => {
    const outcomes: string[] = [];
    const violations: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const users = await accounts(t.db, PER_ROUND, `setup${round}`);
      const setups = await Promise.all(users.map((u, i) => pendingSetup(u, round * PER_ROUND + i)));
      const codes = await Promise.all(setups.map((s) => codeAt(t, s.secret)));
      const calls = setups.flatMap((s, i) => [
        { owner: `${s.owner} confirm`, setup: s, kind: 'confirm' as const, code: codes[i] },
        { owner: `${s.owner} enable`, setup: s, kind: 'enable' as const, code: '' },
      ]);

      const responses = expectAllAnswered(
        await burst(calls, async (c) => {
          if (c.kind === 'confirm')
            return request(t.server)
              .post('/user/confirmed-two-factor-authentication')
              .set(c.setup.headers)
              .send({ code: c.code });
          // The re-enable leaves `offset` event-loop turns after the confirmation (0 to 19 over the
          // rounds), so that it lands before, inside and after the confirmation's check-then-act.
          // No timer: a correct server passes for every interleaving, the offsets only vary which
          // ones run (against the unfixed server most rounds break the invariant).
          for (let i = 0; i < c.setup.offset; i++) await new Promise((r) => setImmediate(r));
          return request(t.server).post('/user/two-factor-authentication').set(c.setup.headers);
        }),
      );

      for (const s of setups) {
        const confirm = responses[calls.findIndex((c) => c.setup === s && c.kind === 'confirm')];
        const enable = responses[calls.findIndex((c) => c.setup === s && c.kind === 'enable')];
        const me = await request(t.server).get('/api/user').set(s.headers).expect(200);
        const key = await request(t.server).get('/user/two-factor-secret-key').set(s.headers);
        const on = me.body.data.two_factor_enabled as boolean;
        const sameSecret = key.status === 200 && key.body.secretKey === s.secret;
        const line = `offset ${s.offset}: confirm ${confirm.status}, enable ${enable.status} → 2FA ${on ? 'on' : 'off'}, ${sameSecret ? 'same' : 'another'} secret`;
        outcomes.push(line);
        const ok =
          enable.status === 200 &&
          (confirm.status === 200 ? on && sameSecret : confirm.status === 422 && !on);
        if (!ok) violations.push(line);
      }
    }
    if (violations.length) console.warn(outcomes.join('\n'));
    expect(violations).toEqual([]);
  });
});
