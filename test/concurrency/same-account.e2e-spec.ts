import { afterEach, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcrypt';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { uniqueEmail } from '../factories/registration.factory';
import { createUser } from '../factories/users.factory';
import { expectApiError, JSON_ACCEPT } from '../utils/api';
import { absorb, sessionIdOf, startBrowserSession, type BrowserSession } from '../utils/auth-helpers';
import {
  accounts,
  authenticatedAnyway,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  firstParty,
  listen,
  tally,
  type Account,
} from '../utils/concurrency';
import { createTestApp, resetDatabase, type TestApp } from '../utils/test-app';
import {
  apiChallenge,
  codeAt,
  enableTwoFactor,
  FROZEN_AT,
  INVALID_CODE,
  INVALID_RECOVERY_CODE,
  pendingCookieLogin,
  TWO_FACTOR_ENV,
  type EnabledTwoFactor,
} from '../utils/two-factor';

const INVALID = 'These credentials do not match our records.';
const TOO_MANY = 'Too Many Attempts.';

/**
 * Many requests for one account at once (docs/http-contract.md §1 "Concurrency", §3, §4, §7): tabs and
 * retries of a correct login all succeed, a burst of guesses stays within the failure budget, and one second
 * factor finishes exactly one of the pending logins racing for it.
 */
describe('concurrent requests for one account', () => {
  let t: TestApp;
  /** A fresh app per test: throttle counters are the subject here, and they live per app. */
  const boot = async (env: Record<string, string> = {}) => {
    t = await createTestApp(env);
    await resetDatabase(t.db);
    await listen(t.server);
    return t;
  };
  afterEach(() => t?.close());

  const apiLogin = (email: string, password: string) =>
    request(t.server).post('/api/login').set(JSON_ACCEPT).send({ email, password });
  /**
   * An account whose password is stored at a production-like bcrypt cost: the checks of a burst are
   * then all in flight together (at the test cost of 4 the first may finish before the last arrives).
   */
  const slowUser = async (tag: string) => {
    const plainPassword = `${tag}-${randomUUID()}`;
    const hash = await bcrypt.hash(plainPassword, 10);
    return Object.assign(await createUser(t.db, { email: uniqueEmail(tag), password: hash }), {
      plainPassword,
    });
  };

  it('(a) two tabs log in to the same account at once: both 200, both sessions are that user', async () => {
    await boot();
    const user = await slowUser('tabs');
    const tabs = await Promise.all([0, 1].map(() => startBrowserSession(t.server)));

    const responses = expectAllAnswered(
      await burst(
        tabs.map((anon, i) => ({ owner: `${user.email} tab ${i}`, anon })),
        (tab) =>
          request(t.server)
            .post('/login')
            .set(tab.anon.headers)
            .send({ email: user.email, password: user.plainPassword }),
      ),
    );

    expect(responses.map((r) => [r.status, r.body])).toEqual([
      [200, { two_factor: false }],
      [200, { two_factor: false }],
    ]);
    const sessions = tabs.map((anon, i) => absorb(anon, responses[i]));
    expect(sessionIdOf(sessions[0])).not.toBe(sessionIdOf(sessions[1]));
    expect(
      await crossedIdentities(
        t.server,
        sessions.map((s, i) => ({
          owner: `${user.email} tab ${i}`,
          headers: firstParty(s.cookie),
          expect: (u) => u.id === user.id && u.email === user.email,
        })),
      ),
    ).toEqual([]);
  });

  it('(b) six correct POST /api/login of one email from one IP at once, default throttle: all 200', async () => {
    await boot();
    const user = await slowUser('retry');

    const responses = expectAllAnswered(
      await burst(
        Array.from({ length: 6 }, (_, i) => ({ owner: `${user.email} #${i}` })),
        () => apiLogin(user.email, user.plainPassword),
      ),
    );

    expect(responses.map((r) => [r.status, r.body.data?.user?.id])).toEqual(
      responses.map(() => [200, user.id]),
    );
    const tokens = responses.map((r) => r.body.data.token as string);
    expect(new Set(tokens).size).toBe(6);
    expect(
      await crossedIdentities(
        t.server,
        tokens.map((token, i) => ({
          owner: `${user.email} #${i}`,
          headers: bearer(token),
          expect: (u) => u.id === user.id && u.email === user.email,
        })),
      ),
    ).toEqual([]);
  });

  it('(b2) 30 correct logins of one email at once: those past the in-flight bound get 429 Retry-After 1, and nothing stays blocked', async () => {
    await boot();
    const user = await slowUser('storm');
    const responses = expectAllAnswered(
      await burst(
        Array.from({ length: 30 }, (_, i) => ({ owner: `${user.email} #${i}` })),
        () => apiLogin(user.email, user.plainPassword),
      ),
    );
    const refused = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(10);
    expect(refused.length + responses.filter((r) => r.status === 200).length).toBe(30);
    for (const r of refused) expect(r.headers['retry-after']).toBe('1');
    // Refused attempts hold no slot and count as no failure: the next login passes at once.
    const next = await apiLogin(user.email, user.plainPassword);
    expect([next.status, next.body.data?.user?.id]).toEqual([200, user.id]);
  });

  it('(c) 30 wrong passwords for one email at once: at most 15 reach the check, the rest 429; then the right one is 429', async () => {
    await boot();
    const user = await slowUser('guess');

    const sent = await burst(
      Array.from({ length: 30 }, (_, i) => ({
        owner: `${user.email} guess ${i}`,
        password: `Guess-${i}-wrong`,
      })),
      (g) => apiLogin(user.email, g.password),
    );
    const responses = expectAllAnswered(sent);

    const statuses = tally(responses.map((r) => r.status));
    expect((statuses['422'] ?? 0) + (statuses['429'] ?? 0)).toBe(30);
    expect(statuses['422'] ?? 0).toBeLessThanOrEqual(15);
    for (const r of responses) {
      if (r.status === 422) expectApiError(r, 422, INVALID, { email: [INVALID] });
      else {
        expectApiError(r, 429, TOO_MANY);
        expect(r.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    }

    const right = await apiLogin(user.email, user.plainPassword);
    expectApiError(right, 429, TOO_MANY);
    expect(right.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(await t.db.query('SELECT id FROM personal_access_tokens')).toEqual([]);
  });

  describe('(d) five pending two-factor logins racing one second factor', () => {
    type Flow = 'cookie' | 'bearer';
    /** Per account, the flows of its 5 racers: all cookie, all bearer, and both mixed ways. */
    const LAYOUTS: Flow[][] = [
      ['cookie', 'cookie', 'cookie', 'cookie', 'cookie'],
      ['bearer', 'bearer', 'bearer', 'bearer', 'bearer'],
      ['cookie', 'bearer', 'cookie', 'bearer', 'cookie'],
      ['bearer', 'cookie', 'bearer', 'cookie', 'bearer'],
    ];

    interface Racer {
      owner: string;
      user: Account;
      tf: EnabledTwoFactor;
      flow: Flow;
      session?: BrowserSession;
      challenge?: string;
    }

    /** 4 accounts with 2FA, 5 pending logins each (the flows of LAYOUTS), in account-interleaved order. */
    const race = async () => {
      await boot(TWO_FACTOR_ENV);
      t.clock.freeze(FROZEN_AT);
      const users = await accounts(t.db, LAYOUTS.length, 'race');
      const enabled: { user: Account; tf: EnabledTwoFactor }[] = [];
      for (const user of users) enabled.push({ user, tf: await enableTwoFactor(t, user) });
      const racers: Racer[] = [];
      for (let k = 0; k < 5; k++)
        for (const [a, { user, tf }] of enabled.entries()) {
          const flow = LAYOUTS[a][k];
          const racer: Racer = { owner: `${user.email} ${flow} #${k}`, user, tf, flow };
          if (flow === 'cookie') racer.session = await pendingCookieLogin(t, user);
          else racer.challenge = await apiChallenge(t, user);
          racers.push(racer);
        }
      return { enabled, racers };
    };

    const answer = (r: Racer, factor: Record<string, string>) =>
      r.flow === 'cookie'
        ? request(t.server).post('/two-factor-challenge').set(r.session!.headers).send(factor)
        : request(t.server)
            .post('/api/two-factor-challenge')
            .set(JSON_ACCEPT)
            .send({ challenge: r.challenge, ...factor });

    /** Exactly one winner per account, its credential that account's, every loser `loserErrors`. */
    const expectOneWinnerEach = async (
      enabled: { user: Account }[],
      racers: Racer[],
      responses: request.Response[],
      loserErrors: Record<string, string[]>,
    ) => {
      const ok = (r: Racer) => (r.flow === 'cookie' ? 204 : 200);
      const winners = racers.filter((r, i) => responses[i].status === ok(r));
      expect(tally(winners.map((w) => w.user.email))).toEqual(tally(enabled.map((e) => e.user.email)));
      for (const [i, r] of racers.entries()) {
        if (winners.includes(r)) continue;
        expect([r.owner, responses[i].status, responses[i].body.errors]).toEqual([r.owner, 422, loserErrors]);
      }
      const credential = (r: Racer) => {
        const res = responses[racers.indexOf(r)];
        return r.flow === 'cookie'
          ? firstParty(absorb(r.session!, res).cookie)
          : bearer(String(res.body.data?.token));
      };
      expect(
        await crossedIdentities(
          t.server,
          winners.map((w) => ({
            owner: w.owner,
            headers: credential(w),
            expect: (u) => u.id === w.user.id && u.email === w.user.email,
          })),
        ),
      ).toEqual([]);
      expect(
        await authenticatedAnyway(
          t.server,
          racers
            .filter((r) => !winners.includes(r) && r.flow === 'cookie')
            .map((r) => ({ owner: r.owner, headers: credential(r) })),
        ),
      ).toEqual([]);
      // Issued: one session or one token per account (besides the token that enabled 2FA).
      const sessions = (await t.db.query('SELECT user_id FROM sessions WHERE user_id IS NOT NULL')) as {
        user_id: number;
      }[];
      const tokens = (await t.db.query('SELECT user_id FROM personal_access_tokens')) as {
        user_id: number;
      }[];
      expect(tally(sessions.map((s) => s.user_id))).toEqual(
        tally(winners.filter((w) => w.flow === 'cookie').map((w) => w.user.id)),
      );
      expect(tally(tokens.map((s) => s.user_id))).toEqual(
        tally([
          ...enabled.map((e) => e.user.id),
          ...winners.filter((w) => w.flow === 'bearer').map((w) => w.user.id),
        ]),
      );
    };

    it('one TOTP code: exactly one 204 (cookie) / 200 (bearer) per account, the others 422', async () => {
      const { enabled, racers } = await race();
      const codes = new Map(
        await Promise.all(enabled.map(async (e) => [e.user.id, await codeAt(t, e.tf.secret)] as const)),
      );
      expect(racers.length).toBeGreaterThanOrEqual(20);

      const responses = expectAllAnswered(
        await burst(racers, (r) => answer(r, { code: codes.get(r.user.id)! })),
      );

      await expectOneWinnerEach(enabled, racers, responses, { code: [INVALID_CODE] });
    });

    it('one recovery code: exactly one 204 (cookie) / 200 (bearer) per account, the others 422; the code is gone', async () => {
      const { enabled, racers } = await race();
      expect(racers.length).toBeGreaterThanOrEqual(20);

      const responses = expectAllAnswered(
        await burst(racers, (r) => answer(r, { recovery_code: r.tf.recoveryCodes[0] })),
      );

      await expectOneWinnerEach(enabled, racers, responses, { recovery_code: [INVALID_RECOVERY_CODE] });
      for (const { user, tf } of enabled) {
        const left = await request(t.server)
          .get('/user/two-factor-recovery-codes')
          .set(tf.headers)
          .expect(200);
        expect([user.email, left.body]).toEqual([user.email, tf.recoveryCodes.slice(1)]);
      }
    });
  });
});
