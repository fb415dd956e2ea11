import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { absorb, sessionIdOf, startBrowserSession, type BrowserSession } from '../utils/auth-helpers';
import {
  accounts,
  authenticatedAnyway,
  type Account,
  burst,
  crossedIdentities,
  expectAllAnswered,
  firstParty,
  interleave,
  listen,
  tally,
} from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';

const INVALID = 'These credentials do not match our records.';
const ACCOUNTS = 6;
const REQUESTS = 24;

/**
 * POST /login from many browsers at once (docs/http-contract.md §1 "Concurrency", §3): every session that
 * comes back is its own requester's, whatever else was in flight. A shared, per-request-mutated Passport
 * strategy delivered one login's user to another browser's session, or left a request hanging.
 */
describe('concurrent SPA logins: POST /login', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(t.server));

  const someAccounts = () => accounts(t.db, ACCOUNTS, 'spa');
  const authenticatedSessions = async () =>
    (
      (await t.db.query('SELECT user_id FROM sessions WHERE user_id IS NOT NULL')) as { user_id: number }[]
    ).map((r) => r.user_id);

  interface Attempt {
    owner: string;
    user: Account;
    password: string;
    correct: boolean;
    anon: BrowserSession;
  }

  const login = (a: Attempt) =>
    request(t.server).post('/login').set(a.anon.headers).send({ email: a.user.email, password: a.password });

  it(`${REQUESTS} logins of ${ACCOUNTS} accounts at once: every session is its own requester's`, async () => {
    const users = await someAccounts();
    const owners = interleave(users, REQUESTS);
    const anons = await Promise.all(owners.map(() => startBrowserSession(t.server)));
    const attempts: Attempt[] = owners.map((user, i) => ({
      owner: user.email,
      user,
      password: user.plainPassword,
      correct: true,
      anon: anons[i],
    }));

    const sent = await burst(attempts, login);
    const responses = expectAllAnswered(sent);

    expect(responses.map((r) => [r.status, r.body])).toEqual(
      attempts.map(() => [200, { two_factor: false }]),
    );
    const sessions = attempts.map((a, i) => absorb(a.anon, responses[i]));
    expect(
      await crossedIdentities(
        t.server,
        attempts.map((a, i) => ({
          owner: a.owner,
          headers: firstParty(sessions[i].cookie),
          expect: (u) => u.id === a.user.id && u.email === a.user.email,
        })),
      ),
    ).toEqual([]);
    // Every browser got its own, newly rotated session; the table holds one per login, per user.
    const ids = sessions.map((s) => sessionIdOf(s));
    expect(new Set(ids).size).toBe(REQUESTS);
    for (const [i, s] of sessions.entries()) expect(sessionIdOf(s)).not.toBe(sessionIdOf(attempts[i].anon));
    expect(tally(await authenticatedSessions())).toEqual(tally(owners.map((u) => u.id)));
  });

  it('wrong passwords in the same burst get 422 and leave their sessions anonymous', async () => {
    const users = await someAccounts();
    const owners = interleave(users, REQUESTS);
    const anons = await Promise.all(owners.map(() => startBrowserSession(t.server)));
    // A third of the requests send a wrong password, every account at least one and at most two
    // (below the 5-failure throttle); half of them another account's right password, which a check
    // against the wrong user would let through.
    const attempts: Attempt[] = owners.map((user, i) => {
      const [account, round] = [i % ACCOUNTS, Math.floor(i / ACCOUNTS)];
      const wrong = (account + round) % 3 === 0;
      const other = users[(account + 1) % ACCOUNTS];
      return {
        owner: user.email,
        user,
        password: !wrong ? user.plainPassword : round % 2 ? `Not-${user.plainPassword}` : other.plainPassword,
        correct: !wrong,
        anon: anons[i],
      };
    });
    const wrongPerAccount = tally(attempts.filter((a) => !a.correct).map((a) => a.user.id));
    expect(Object.keys(wrongPerAccount)).toHaveLength(ACCOUNTS);

    const sent = await burst(attempts, login);
    const responses = expectAllAnswered(sent);

    expect(responses.map((r) => [r.status, r.body])).toEqual(
      attempts.map((a) =>
        a.correct ? [200, { two_factor: false }] : [422, { message: INVALID, errors: { email: [INVALID] } }],
      ),
    );
    const after = attempts.map((a, i) => ({ ...a, session: absorb(a.anon, responses[i]) }));
    const [good, bad] = [after.filter((a) => a.correct), after.filter((a) => !a.correct)];
    expect(
      await crossedIdentities(
        t.server,
        good.map((a) => ({
          owner: a.owner,
          headers: firstParty(a.session.cookie),
          expect: (u) => u.id === a.user.id && u.email === a.user.email,
        })),
      ),
    ).toEqual([]);
    expect(
      await authenticatedAnyway(
        t.server,
        bad.map((a) => ({ owner: a.owner, headers: firstParty(a.session.cookie) })),
      ),
    ).toEqual([]);
    expect(tally(await authenticatedSessions())).toEqual(tally(good.map((a) => a.user.id)));
  });
});
