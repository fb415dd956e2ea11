import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectApiError, JSON_ACCEPT } from '../utils/api';
import {
  accounts,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  interleave,
  listen,
  tally,
  type Account,
} from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';

const INVALID = 'These credentials do not match our records.';
const ACCOUNTS = 6;
const REQUESTS = 24;

/**
 * POST /api/login from many clients at once (docs/http-contract.md §1 "Concurrency", §4): the user in the
 * body and the token of every answer are the requester's own, and each token carries its own request's
 * device_name. A shared, per-request-mutated Passport strategy crossed them or hung requests.
 */
describe('concurrent API logins: POST /api/login', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(t.server));

  interface Attempt {
    owner: string;
    user: Account;
    password: string;
    correct: boolean;
    device: string;
  }

  const login = (a: Attempt) =>
    request(t.server)
      .post('/api/login')
      .set(JSON_ACCEPT)
      .send({ email: a.user.email, password: a.password, device_name: a.device });
  const tokenRows = async () =>
    (await t.db.query('SELECT id::text AS id, user_id, device_name FROM personal_access_tokens')) as {
      id: string;
      user_id: number;
      device_name: string;
    }[];

  /** The identity oracle for every 200 of the burst: body, token → GET /api/user, token row. */
  const expectOwnCredentials = async (attempts: Attempt[], responses: request.Response[]) => {
    const won = attempts.map((a, i) => ({ a, res: responses[i] })).filter(({ a }) => a.correct);
    expect(
      won.map(({ a, res }) => [a.owner, res.status, res.body.data?.user?.id, res.body.data?.user?.email]),
    ).toEqual(won.map(({ a }) => [a.owner, 200, a.user.id, a.user.email]));
    const tokens = won.map(({ res }) => res.body.data.token as string);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(
      await crossedIdentities(
        t.server,
        won.map(({ a, res }) => ({
          owner: a.owner,
          headers: bearer(res.body.data.token),
          expect: (u) => u.id === a.user.id && u.email === a.user.email,
        })),
      ),
    ).toEqual([]);
    const rows = new Map((await tokenRows()).map((r) => [r.id, r]));
    expect(rows.size).toBe(won.length);
    expect(
      won.map(({ res }) => {
        const row = rows.get((res.body.data.token as string).split('|')[0]);
        return row && [row.user_id, row.device_name];
      }),
    ).toEqual(won.map(({ a }) => [a.user.id, a.device]));
  };

  it(`${REQUESTS} logins of ${ACCOUNTS} accounts at once: every token is its own requester's`, async () => {
    const users = await accounts(t.db, ACCOUNTS, 'api');
    const attempts: Attempt[] = interleave(users, REQUESTS).map((user, i) => ({
      owner: user.email,
      user,
      password: user.plainPassword,
      correct: true,
      device: `device-${i}`,
    }));

    const responses = expectAllAnswered(await burst(attempts, login));

    expect(responses.map((r) => r.status)).toEqual(attempts.map(() => 200));
    for (const r of responses) expect(r.body).toMatchObject({ success: true, errors_message: null });
    await expectOwnCredentials(attempts, responses);
    expect(tally((await tokenRows()).map((r) => r.user_id))).toEqual(tally(attempts.map((a) => a.user.id)));
  });

  it('wrong passwords in the same burst get 422 and no token', async () => {
    const users = await accounts(t.db, ACCOUNTS, 'api');
    // A third of the requests send a wrong password, every account one or two (below the throttle);
    // half of them another account's right password, which a check against the wrong user would accept.
    const attempts: Attempt[] = interleave(users, REQUESTS).map((user, i) => {
      const [account, round] = [i % ACCOUNTS, Math.floor(i / ACCOUNTS)];
      const wrong = (account + round) % 3 === 0;
      const other = users[(account + 1) % ACCOUNTS];
      return {
        owner: user.email,
        user,
        password: !wrong ? user.plainPassword : round % 2 ? `Not-${user.plainPassword}` : other.plainPassword,
        correct: !wrong,
        device: `device-${i}`,
      };
    });
    expect(Object.keys(tally(attempts.filter((a) => !a.correct).map((a) => a.user.id)))).toHaveLength(
      ACCOUNTS,
    );

    const responses = expectAllAnswered(await burst(attempts, login));

    for (const [i, a] of attempts.entries()) {
      if (!a.correct) expectApiError(responses[i], 422, INVALID, { email: [INVALID] });
    }
    await expectOwnCredentials(attempts, responses);
    expect(tally((await tokenRows()).map((r) => r.user_id))).toEqual(
      tally(attempts.filter((a) => a.correct).map((a) => a.user.id)),
    );
  });
});
