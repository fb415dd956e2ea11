import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { absorb, startBrowserSession } from '../utils/auth-helpers';
import {
  accounts,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  listen,
  tally,
} from '../utils/concurrency';
import {
  addPasskey,
  apiLoginOptions,
  CHALLENGE_EXPIRED,
  confirmedToken,
  LAST_LOGIN_METHOD,
  PASSKEY_ENV,
} from '../utils/passkeys';
import { SoftwareAuthenticator } from '../utils/software-authenticator';
import { createTestApp, forgetCachedCredentials, resetDatabase, type TestApp } from '../utils/test-app';

/** Accounts with one passkey each, on authenticators of their own. */
async function withPasskeys(t: TestApp, n: number, tag: string) {
  const users = await accounts(t.db, n, tag);
  return Promise.all(
    users.map(async (user) => {
      const authenticator = new SoftwareAuthenticator();
      const headers = await confirmedToken(t.server, user);
      const passkeyId = await addPasskey(t.server, headers, authenticator);
      return { user, authenticator, headers, passkeyId };
    }),
  );
}

describe('passkeys under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(PASSKEY_ENV);
    await listen(t.server);
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  it('one challenge answered by 12 accounts at once: exactly one logs in, the others get 422', async () => {
    const holders = await withPasskeys(t, 12, 'onechallenge');
    const options = await apiLoginOptions(t.server);
    const answers = expectAllAnswered(
      await burst(
        holders.map((h) => ({ owner: h.user.id, response: h.authenticator.get(options) })),
        (x) => request(t.server).post('/api/passkeys/login').send({ response: x.response }),
      ),
    );
    expect(tally(answers.map((r) => r.status))).toEqual({ 200: 1, 422: 11 });
    for (const r of answers.filter((a) => a.status === 422))
      expect(r.body.errors).toEqual({ response: [CHALLENGE_EXPIRED] });
    expect(await t.db.query('SELECT 1 FROM passkey_challenges')).toEqual([]);
  });

  it('one assertion sent 10 times at once, as a bearer and as a cookie client: one winner each', async () => {
    // Losers are 422, or 429 once the credential's failures from this IP reach the login limit.
    const oneWinner = (statuses: number[]) => {
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200 && s !== 422 && s !== 429)).toEqual([]);
    };
    const [{ authenticator }, { authenticator: other }] = await withPasskeys(t, 2, 'replay');
    const assertion = authenticator.get(await apiLoginOptions(t.server));
    const api = expectAllAnswered(
      await burst(
        Array.from({ length: 10 }, (_, i) => ({ owner: i })),
        () => request(t.server).post('/api/passkeys/login').send({ response: assertion }),
      ),
    );
    oneWinner(api.map((r) => r.status));

    const sessions = await Promise.all(Array.from({ length: 10 }, () => startBrowserSession(t.server)));
    const options = await request(t.server).post('/passkeys/login/options').set(sessions[0].headers).send({});
    const cookieAssertion = other.get(options.body);
    const spa = expectAllAnswered(
      await burst(
        sessions.map((s, i) => ({ owner: i, s })),
        (x) => request(t.server).post('/passkeys/login').set(x.s.headers).send({ response: cookieAssertion }),
      ),
    );
    oneWinner(spa.map((r) => r.status));
    const authenticated = await Promise.all(
      sessions.map(
        async (s, i) => (await request(t.server).get('/api/user').set(absorb(s, spa[i]).headers)).status,
      ),
    );
    expect(tally(authenticated)).toEqual({ 200: 1, 401: 9 });
  });

  it('16 accounts log in with their passkeys at once (bearer and cookie): each gets its own account', async () => {
    const holders = await withPasskeys(t, 16, 'storm');
    const sessions = await Promise.all(holders.map(() => startBrowserSession(t.server)));
    const sent = await burst(
      holders.map((h, i) => ({ owner: h.user.id, h, i })),
      async ({ h, i }) => {
        if (i % 2) {
          const options = await apiLoginOptions(t.server, i % 4 === 1 ? h.user.email : undefined);
          return request(t.server)
            .post('/api/passkeys/login')
            .send({ response: h.authenticator.get(options) });
        }
        const s = sessions[i];
        const options = await request(t.server)
          .post('/passkeys/login/options')
          .set(s.headers)
          .send(i % 4 === 0 ? { email: h.user.email } : {});
        return request(t.server)
          .post('/passkeys/login')
          .set(s.headers)
          .send({ response: h.authenticator.get(options.body) });
      },
    );
    const answers = expectAllAnswered(sent);
    expect(answers.map((r) => r.status)).toEqual(holders.map(() => 200));
    const crossed = await crossedIdentities(
      t.server,
      holders.map((h, i) => ({
        owner: h.user.id,
        headers: i % 2 ? bearer(answers[i].body.data.token) : absorb(sessions[i], answers[i]).headers,
        expect: (u) => u.id === h.user.id && u.email === h.user.email,
      })),
    );
    expect(crossed).toEqual([]);
  });

  it("two removals racing for an account's last two ways in: one succeeds, one 422, one way stays (10 accounts at once)", async () => {
    const holders = await withPasskeys(t, 10, 'lastway');
    // Every account gets a second passkey (even) or a linked provider (odd), and loses its password.
    const second = await Promise.all(
      holders.map(async (h, i) => {
        if (i % 2) {
          await t.db.query(
            `INSERT INTO social_accounts (user_id, provider, provider_user_id) VALUES ($1, 'google', $2)`,
            [h.user.id, `g-${h.user.id}`],
          );
          return '/api/user/social-accounts/google';
        }
        return `/user/passkeys/${await addPasskey(t.server, h.headers, new SoftwareAuthenticator(), 'Spare')}`;
      }),
    );
    await t.db.query('UPDATE users SET password = NULL');
    forgetCachedCredentials();
    const requests = holders.flatMap((h, i) => [
      { owner: h.user.id, headers: h.headers, path: `/user/passkeys/${h.passkeyId}` },
      { owner: h.user.id, headers: h.headers, path: second[i] },
    ]);
    const answers = expectAllAnswered(
      await burst(requests, (x) => request(t.server).delete(x.path).set(x.headers)),
    );
    for (const [i, h] of holders.entries()) {
      const mine = answers.slice(2 * i, 2 * i + 2);
      expect(mine.map((r) => (r.status < 300 ? 'ok' : r.status)).sort()).toEqual([422, 'ok']);
      const refused = mine.find((r) => r.status === 422)!;
      expect(Object.values(refused.body.errors).flat()[0]).toMatch(/only way to log in/);
      const [{ n }] = await t.db.query(
        `SELECT (SELECT count(*) FROM passkeys WHERE user_id = $1) + (SELECT count(*) FROM social_accounts WHERE user_id = $1) AS n`,
        [h.user.id],
      );
      expect(Number(n)).toBe(1);
    }
    expect(LAST_LOGIN_METHOD).toMatch(/only way to log in/);
  });

  it('two assertions with the same counter on two challenges at once: the counter check lets one through', async () => {
    const [{ authenticator, passkeyId }] = await withPasskeys(t, 1, 'counter');
    for (let round = 1; round <= 5; round++) {
      const [a, b] = [await apiLoginOptions(t.server), await apiLoginOptions(t.server)];
      const counter = round * 10;
      const assertions = [authenticator.get(a, { counter }), authenticator.get(b, { counter })];
      const answers = expectAllAnswered(
        await burst(
          assertions.map((response, i) => ({ owner: i, response })),
          (x) => request(t.server).post('/api/passkeys/login').send({ response: x.response }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
      const [row] = await t.db.query('SELECT counter FROM passkeys WHERE id = $1', [passkeyId]);
      expect(row.counter).toBe(String(counter));
    }
  });
});
