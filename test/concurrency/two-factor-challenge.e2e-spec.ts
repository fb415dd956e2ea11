import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { JSON_ACCEPT } from '../utils/api';
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
  codeAt,
  enableTwoFactor,
  FROZEN_AT,
  INVALID_CODE,
  TWO_FACTOR_ENV,
  wrongCode,
  type EnabledTwoFactor,
} from '../utils/two-factor';

const ACCOUNTS = 5;
/** Per account: one TOTP code, three recovery codes, one wrong code; 5 is a user's budget a minute. */
const PER_ACCOUNT = 5;
const REQUIRED = 'Two factor authentication required';

type Flow = 'cookie' | 'bearer';

/**
 * Two-factor logins of many accounts at once, through both guards (docs/http-contract.md §1 "Concurrency",
 * §3, §4, §7): the password step and the challenge step each in one burst; every credential that comes out is
 * its own user's, a wrong code authenticates nobody, and nothing hangs.
 */
describe('concurrent two-factor logins: /login + /two-factor-challenge, /api/login + /api/two-factor-challenge', () => {
  let t: TestApp;
  beforeEach(async () => {
    // A fresh app per test: the challenge throttle counts per user id, and ids restart with the tables.
    t = await createTestApp(TWO_FACTOR_ENV);
    await resetDatabase(t.db);
    t.clock.freeze(FROZEN_AT);
    await listen(t.server);
  });
  afterEach(() => t.close());

  interface Login {
    owner: string;
    user: Account;
    tf: EnabledTwoFactor;
    flow: Flow;
    /** Which second factor this login will send: 0 the TOTP code, 1-3 a recovery code, 4 a wrong code. */
    slot: number;
    anon?: BrowserSession;
  }

  const twoFactorAccounts = async () => {
    const users = await accounts(t.db, ACCOUNTS, 'tfa');
    const out: { user: Account; tf: EnabledTwoFactor }[] = [];
    for (const user of users) out.push({ user, tf: await enableTwoFactor(t, user) });
    return out;
  };

  const passwordStep = (l: Login) =>
    l.flow === 'cookie'
      ? request(t.server)
          .post('/login')
          .set(l.anon!.headers)
          .send({ email: l.user.email, password: l.user.plainPassword })
      : request(t.server)
          .post('/api/login')
          .set(JSON_ACCEPT)
          .send({ email: l.user.email, password: l.user.plainPassword });

  const secondFactor = async (l: Login): Promise<Record<string, string>> => {
    if (l.slot === 0) return { code: await codeAt(t, l.tf.secret) };
    if (l.slot === PER_ACCOUNT - 1) return { code: await wrongCode(t, l.tf.secret) };
    return { recovery_code: l.tf.recoveryCodes[l.slot - 1] };
  };

  it.each<[string, (i: number) => Flow]>([
    ['cookie', () => 'cookie'],
    ['bearer', () => 'bearer'],
    ['cookie and bearer mixed', (i) => (i % 2 ? 'bearer' : 'cookie')],
  ])('%s: 25 password steps, then 25 challenges, at once for 5 accounts', async (_name, flowOf) => {
    const enabled = await twoFactorAccounts();
    // Interleaved: login i is account i % 5, and its slot i / 5, so every account has all kinds in flight.
    const logins: Login[] = Array.from({ length: ACCOUNTS * PER_ACCOUNT }, (_, i) => {
      const { user, tf } = enabled[i % ACCOUNTS];
      return { owner: user.email, user, tf, flow: flowOf(i), slot: Math.floor(i / ACCOUNTS) };
    });
    for (const l of logins) if (l.flow === 'cookie') l.anon = await startBrowserSession(t.server);

    // Step 1: the password. Every login stops at the second factor, and no cookie session is authenticated.
    const first = expectAllAnswered(await burst(logins, passwordStep));
    expect(first.map((r) => r.status)).toEqual(logins.map(() => 200));
    for (const [i, l] of logins.entries()) {
      if (l.flow === 'cookie') expect(first[i].body).toEqual({ two_factor: true, message: REQUIRED });
      else
        expect(first[i].body.data).toEqual({
          two_factor: true,
          challenge: expect.stringMatching(/^[A-Za-z0-9]{48}$/),
        });
    }
    const pending = logins.map((l, i) => ({
      ...l,
      session: l.anon && absorb(l.anon, first[i]),
      challenge: l.flow === 'bearer' ? (first[i].body.data.challenge as string) : undefined,
    }));
    const cookies = pending.filter((p) => p.session);
    expect(new Set(cookies.map((p) => sessionIdOf(p.session!))).size).toBe(cookies.length);
    expect(new Set(pending.filter((p) => p.challenge).map((p) => p.challenge)).size).toBe(
      pending.filter((p) => p.challenge).length,
    );
    expect(
      await authenticatedAnyway(
        t.server,
        cookies.map((p) => ({ owner: p.owner, headers: firstParty(p.session!.cookie) })),
      ),
    ).toEqual([]);

    // Step 2: the second factor, all at once.
    const factors = await Promise.all(pending.map(secondFactor));
    const second = expectAllAnswered(
      await burst(pending, (p) => {
        const factor = factors[pending.indexOf(p)];
        return p.flow === 'cookie'
          ? request(t.server).post('/two-factor-challenge').set(p.session!.headers).send(factor)
          : request(t.server)
              .post('/api/two-factor-challenge')
              .set(JSON_ACCEPT)
              .send({ challenge: p.challenge, ...factor });
      }),
    );

    const wrong = (p: (typeof pending)[number]) => p.slot === PER_ACCOUNT - 1;
    expect(pending.map((p, i) => [p.owner, p.slot, second[i].status])).toEqual(
      pending.map((p) => [p.owner, p.slot, wrong(p) ? 422 : p.flow === 'cookie' ? 204 : 200]),
    );
    for (const [i, p] of pending.entries()) {
      if (wrong(p)) {
        expect(second[i].body.errors).toEqual({ code: [INVALID_CODE] });
        if (p.flow === 'bearer') expect(second[i].body.data).toBeNull();
      } else if (p.flow === 'bearer')
        expect([second[i].body.data.user.id, second[i].body.data.user.email]).toEqual([
          p.user.id,
          p.user.email,
        ]);
    }

    const credentials = pending.map((p, i) => ({
      ...p,
      headers:
        p.flow === 'cookie'
          ? firstParty(absorb(p.session!, second[i]).cookie)
          : bearer(String(second[i].body.data?.token)),
    }));
    expect(
      await crossedIdentities(
        t.server,
        credentials
          .filter((c) => !wrong(c))
          .map((c) => ({
            owner: c.owner,
            headers: c.headers,
            expect: (u) => u.id === c.user.id && u.email === c.user.email,
          })),
      ),
    ).toEqual([]);
    expect(
      await authenticatedAnyway(
        t.server,
        credentials
          .filter((c) => wrong(c) && c.flow === 'cookie')
          .map((c) => ({ owner: c.owner, headers: c.headers })),
      ),
    ).toEqual([]);

    // What was issued, per user: one session or token per successful login (the tokens made while
    // enabling 2FA aside), and the three recovery codes used are gone.
    const winners = pending.filter((p) => !wrong(p));
    const sessions = (await t.db.query('SELECT user_id FROM sessions WHERE user_id IS NOT NULL')) as {
      user_id: number;
    }[];
    expect(tally(sessions.map((s) => s.user_id))).toEqual(
      tally(winners.filter((p) => p.flow === 'cookie').map((p) => p.user.id)),
    );
    const tokens = (await t.db.query('SELECT user_id FROM personal_access_tokens')) as { user_id: number }[];
    expect(tally(tokens.map((r) => r.user_id))).toEqual(
      tally([
        ...enabled.map((e) => e.user.id),
        ...winners.filter((p) => p.flow === 'bearer').map((p) => p.user.id),
      ]),
    );
    const codesLeft = (await t.db.query(
      'SELECT user_id, count(*)::int AS n FROM two_factor_recovery_codes GROUP BY user_id ORDER BY user_id',
    )) as { user_id: number; n: number }[];
    expect(codesLeft).toEqual(enabled.map((e) => ({ user_id: e.user.id, n: 8 - 3 })));
  });
});
