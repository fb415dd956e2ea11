import { beforeAll, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcrypt';
import request from 'supertest';
import { MailService } from '../../src/mail/mail.service';
import { uniqueEmail } from '../factories/registration.factory';
import { JSON_ACCEPT } from '../utils/api';
import { loginWithToken } from '../utils/auth-helpers';
import {
  accounts,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  listen,
  tally,
  type Account,
} from '../utils/concurrency';
import { firstLink, withMailApp } from '../utils/smtp-capture';

const OK = { success: true, errors_message: null, data: null };
const SPA = 'https://spa.fangate.test';
const RESET = '/api/user/password/reset';
const INVALID = 'This password reset token is invalid.';
const INVALID_TOKEN = {
  success: false,
  errors_message: INVALID,
  message: INVALID,
  data: null,
  errors: { token: [INVALID] },
};
const ACCOUNTS = 6;
const DUPLICATES = 4;

/**
 * Password resets under load (docs/http-contract.md §1 "Concurrency", §6): reset requests for many accounts
 * at once mail each account its own link; confirming every token at once, each several times with a different
 * new password, lets exactly one confirmation per token win, and every account ends with its winner's
 * password and with no other account's.
 */
describe('concurrent password resets: POST /api/user/password/reset, POST /api/user/password/reset/confirm', () => {
  const m = withMailApp({ FRONTEND_URL: SPA, IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(m.t.server));

  const hashes = async () =>
    new Map(
      ((await m.t.db.query('SELECT id, password FROM users')) as { id: number; password: string }[]).map(
        (r) => [r.id, r.password],
      ),
    );

  interface Confirm {
    owner: string;
    /** The account whose token is sent. */
    user: Account;
    /** The account named in `email` (another one's for a crossed pair). */
    emailOf: Account;
    token: string;
    password: string;
  }

  it(`${ACCOUNTS} accounts reset at once; ${ACCOUNTS * (DUPLICATES + 1)} confirmations (duplicates, crossed pairs) at once`, async () => {
    const users = await accounts(m.t.db, ACCOUNTS, 'reset');
    // A bystander who resets nothing: its token must survive the other accounts' resets.
    const [bystander] = await accounts(m.t.db, 1, 'bystander');
    const bystanderToken = await loginWithToken(m.t.server, bystander.email, bystander.plainPassword);
    const oldTokens = [];
    for (const u of users) oldTokens.push(await loginWithToken(m.t.server, u.email, u.plainPassword));

    // The requests, for every account and for unknown emails, at once: the same answer each.
    const asks = [
      ...users.map((u) => ({ owner: u.email, email: u.email })),
      ...[0, 1].map(() => {
        const email = uniqueEmail('nobody');
        return { owner: email, email };
      }),
    ];
    const asked = expectAllAnswered(
      await burst(asks, (a) => request(m.t.server).post(RESET).send({ email: a.email })),
    );
    expect(asked.map((r) => [r.status, r.body])).toEqual(asks.map(() => [200, OK]));
    await m.t.app.get(MailService).drain();
    expect(m.smtp.messages).toHaveLength(ACCOUNTS);
    const tokens = users.map((u) => {
      const mails = m.smtp.sentTo(u.email);
      expect([u.email, mails.length]).toEqual([u.email, 1]);
      const link = new URL(firstLink(mails[0]));
      expect([u.email, link.searchParams.get('email')]).toEqual([u.email, u.email]);
      return link.searchParams.get('token')!;
    });
    expect(new Set(tokens).size).toBe(ACCOUNTS);

    // Every token confirmed DUPLICATES times, each with its own new password, plus one crossed pair
    // per account (its token with the next account's email), all at once.
    const confirms: Confirm[] = [];
    for (let d = 0; d < DUPLICATES; d++)
      users.forEach((user, i) =>
        confirms.push({
          owner: `${user.email}#${d}`,
          user,
          emailOf: user,
          token: tokens[i],
          password: `Reset-${i}-${d}-${user.plainPassword}`,
        }),
      );
    users.forEach((user, i) =>
      confirms.push({
        owner: `${user.email}#crossed`,
        user,
        emailOf: users[(i + 1) % ACCOUNTS],
        token: tokens[i],
        password: `Crossed-${i}-${user.plainPassword}`,
      }),
    );
    const confirmed = expectAllAnswered(
      await burst(confirms, (c) =>
        request(m.t.server).post(`${RESET}/confirm`).send({
          email: c.emailOf.email,
          token: c.token,
          password: c.password,
          password_confirmation: c.password,
        }),
      ),
    );

    // Exactly one winner per token, never a crossed pair; every loser the same 422.
    const won = confirms.filter((_, i) => confirmed[i].status === 200);
    expect(tally(won.map((c) => c.owner.split('#')[0]))).toEqual(tally(users.map((u) => u.email)));
    expect(won.filter((c) => c.emailOf !== c.user)).toEqual([]);
    for (const [i, c] of confirms.entries()) {
      if (won.includes(c)) expect(confirmed[i].body).toEqual(OK);
      else expect([c.owner, confirmed[i].status, confirmed[i].body]).toEqual([c.owner, 422, INVALID_TOKEN]);
    }

    // Every account holds its winner's password and no other sent password (its own losers', the
    // crossed pairs', the other accounts'), nor its old one.
    const stored = await hashes();
    const winnerOf = (u: Account) => won.find((c) => c.user === u)!;
    const matches = await Promise.all(
      users.map(async (u) => {
        const hash = stored.get(u.id)!;
        const candidates = [u.plainPassword, ...confirms.map((c) => c.password)];
        const ok = await Promise.all(candidates.map((p) => bcrypt.compare(p, hash)));
        return candidates.filter((_, k) => ok[k]);
      }),
    );
    expect(matches).toEqual(users.map((u) => [winnerOf(u).password]));

    // Logging in with the new passwords, all at once: each token is its own account's.
    const logins = expectAllAnswered(
      await burst(
        users.map((u) => ({ owner: u.email, user: u })),
        (l) =>
          request(m.t.server)
            .post('/api/login')
            .set(JSON_ACCEPT)
            .send({ email: l.user.email, password: winnerOf(l.user).password }),
      ),
    );
    expect(logins.map((r) => [r.status, r.body.data?.user?.id])).toEqual(users.map((u) => [200, u.id]));
    expect(
      await crossedIdentities(
        m.t.server,
        users.map((u, i) => ({
          owner: u.email,
          headers: bearer(logins[i].body.data.token as string),
          expect: (v) => v.id === u.id && v.email === u.email,
        })),
      ),
    ).toEqual([]);

    // The resets ended the reset accounts' old tokens, and no one else's.
    const old = await Promise.all(oldTokens.map((o) => request(m.t.server).get('/api/user').set(o.headers)));
    expect(old.map((r) => r.status)).toEqual(users.map(() => 401));
    const still = await request(m.t.server).get('/api/user').set(bystanderToken.headers);
    expect([still.status, still.body.data?.id]).toEqual([200, bystander.id]);
    expect(await bcrypt.compare(bystander.plainPassword, stored.get(bystander.id)!)).toBe(true);
  });
});
