import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { MailService } from '../../src/mail/mail.service';
import { accounts, burst, expectAllAnswered, interleave, listen, tally } from '../utils/concurrency';
import { firstLink, withMailApp } from '../utils/smtp-capture';

const OK = { success: true, errors_message: null, data: null };
const API = 'https://api.fangate.test';
const SPA = 'https://spa.fangate.test';
const VERIFY = '/api/user/email/verify';
const ACCOUNTS = 6;
const REQUESTS = 24;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Email verification under load (docs/http-contract.md §1 "Concurrency", §6): requests for many accounts at
 * once mail every account its own links, and opening all the links at once verifies exactly the accounts
 * whose links were opened, each link once. The oracle is the database row of each account.
 */
describe('concurrent email verification: POST /api/user/email/verify, GET /api/user/email/verify/<token>', () => {
  const m = withMailApp({ APP_URL: API, FRONTEND_URL: SPA, IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(m.t.server));

  const verifiedAt = async () =>
    (await m.t.db.query('SELECT id, email_verified_at AS at FROM users ORDER BY id')) as {
      id: number;
      at: Date | null;
    }[];

  it(`${REQUESTS} requests for ${ACCOUNTS} accounts at once, then every link of 5 of them opened twice at once`, async () => {
    const users = await accounts(m.t.db, ACCOUNTS, 'verify');
    const asks = interleave(users, REQUESTS).map((user) => ({ owner: user.email, user }));

    const answers = expectAllAnswered(
      await burst(asks, (a) => request(m.t.server).post(VERIFY).send({ email: a.user.email })),
    );
    expect(answers.map((r) => [r.status, r.body])).toEqual(asks.map(() => [200, OK]));
    await m.t.app.get(MailService).drain();

    // Every mail went to the account it was asked for, and its link is that account's own token.
    const rows = (await m.t.db.query('SELECT email, token_hash FROM email_verifications')) as {
      email: string;
      token_hash: string;
    }[];
    const emailOfHash = new Map(rows.map((r) => [r.token_hash, r.email.toLowerCase()]));
    const links = users.map((user) => {
      const mails = m.smtp.sentTo(user.email);
      // The per-email throttle may drop some (silently); each request sends at most one mail.
      expect([user.email, mails.length >= 1 && mails.length <= REQUESTS / ACCOUNTS]).toEqual([
        user.email,
        true,
      ]);
      return mails.map((mail) => new URL(firstLink(mail)).pathname);
    });
    expect(m.smtp.messages.length).toBe(rows.length);
    expect(
      users.map((user, i) => links[i].map((path) => emailOfHash.get(sha256(path.split('/').pop()!)))),
    ).toEqual(users.map((user, i) => links[i].map(() => user.email.toLowerCase())));
    expect(tally(rows.map((r) => r.email.toLowerCase()))).toEqual(
      Object.fromEntries(users.map((u, i) => [u.email.toLowerCase(), links[i].length])),
    );

    // Open every link of the first 5 accounts twice, all at once; the 6th account's links stay unopened.
    const opened = users.slice(0, ACCOUNTS - 1);
    const opens = opened.flatMap((user, i) =>
      links[i].flatMap((path) => [0, 1].map((copy) => ({ owner: `${user.email} ${path} #${copy}`, path }))),
    );
    expect(opens.length).toBeGreaterThanOrEqual(20);
    const landed = expectAllAnswered(await burst(opens, (o) => request(m.t.server).get(o.path)));
    expect(landed.map((r) => r.status)).toEqual(opens.map(() => 302));
    // Each link verifies exactly once; the other opening of it finds it used.
    const perLink = new Map<string, string[]>();
    opens.forEach((o, i) =>
      perLink.set(o.path, [...(perLink.get(o.path) ?? []), landed[i].headers.location]),
    );
    expect([...perLink.values()].map((locations) => locations.sort())).toEqual(
      [...perLink.keys()].map(() => [`${SPA}/?verified=0&error=invalid`, `${SPA}/?verified=1`]),
    );

    expect((await verifiedAt()).map((r) => [r.id, r.at !== null])).toEqual(
      users.map((u) => [u.id, opened.includes(u)]),
    );
  });
});
