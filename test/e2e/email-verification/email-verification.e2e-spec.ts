import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { MailService } from '../../../src/mail/mail.service';
import { createUser } from '../../factories/users.factory';
import { loginWithToken } from '../../utils/auth-helpers';
import { firstLink, SmtpCapture, withMailApp } from '../../utils/smtp-capture';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

const OK = { success: true, errors_message: null, data: null };
const API = 'https://api.fangate.test';
const SPA = 'https://spa.fangate.test';
const VERIFY = '/api/user/email/verify';
const T0 = new Date('2030-05-01T10:00:00.000Z');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const fresh = (tag: string) => `${tag}-${randomUUID()}@example.com`;
const failure = (message: string, errors?: object) => ({
  success: false,
  errors_message: message,
  message,
  data: null,
  ...(errors && { errors }),
});

/** The redirect of a link opened before the account exists: it carries the token registration needs. */
const ticketed = (base: string) =>
  new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\?verified=1&verification=[A-Za-z0-9]{64}$`);

describe('email verification over real SMTP', () => {
  const m = withMailApp({
    APP_NAME: 'Fangate',
    APP_URL: API,
    FRONTEND_URL: SPA,
    APP_LINK_ALLOWLIST: 'https://app.example.com,fangate://',
    IP_RATE_LIMIT: '1000',
  });
  const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    request(m.t.server).post(VERIFY).set(headers).send(body);
  /** Asks for a link and returns its path, from the n-th captured mail to that address. */
  const linkFor = async (email: string, extra: Record<string, unknown> = {}, nth = 1) => {
    await ask({ email, ...extra }).expect(200);
    return new URL(firstLink(await m.smtp.waitForNth(email, nth))).pathname;
  };
  const open = async (path: string) => (await request(m.t.server).get(path).expect(302)).headers.location;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    m.t.db.query(sql, params) as Promise<T[]>;
  const verifiedAt = async (id: number) =>
    (await query<{ at: Date | null }>('SELECT email_verified_at AS at FROM users WHERE id = $1', [id]))[0].at;
  const me = (headers: Record<string, string>) =>
    request(m.t.server).get('/api/user').set(headers).expect(200);
  const drain = () => m.t.app.get(MailService).drain();

  describe('POST /api/user/email/verify', () => {
    it.each([
      ['missing', {}, 'The email field is required.'],
      ['invalid', { email: 'not-an-email' }, 'The email field must be a valid email address.'],
    ])('a %s email → 422 envelope with errors.email, nothing stored or sent', async (_c, body, message) => {
      expect((await ask(body).expect(422)).body).toEqual(failure(message, { email: [message] }));
      await drain();
      expect(await query('SELECT 1 FROM email_verifications')).toHaveLength(0);
      expect(m.smtp.attempts).toBe(0);
    });

    it('answers byte-identically for an unknown, an unverified and an already verified email', async () => {
      const unknown = fresh('nobody');
      const unverified = await createUser(m.t.db, { email: fresh('unverified') });
      const verified = await createUser(m.t.db, { email: fresh('verified'), emailVerifiedAt: new Date() });
      const answers = [];
      for (const email of [unknown, unverified.email, verified.email]) answers.push(await ask({ email }));
      for (const res of answers) {
        expect(res.status).toBe(200);
        expect(res.body).toEqual(OK);
        expect(res.text).toBe(answers[0].text);
        expect(res.headers['content-type']).toBe(answers[0].headers['content-type']);
      }
      await drain();
      expect(m.smtp.sentTo(unknown)).toHaveLength(1);
      expect(m.smtp.sentTo(unverified.email)).toHaveLength(1);
      expect(m.smtp.sentTo(verified.email)).toHaveLength(0);
    });

    it('mails APP_URL/api/user/email/verify/<token> in text and HTML and stores only its hash', async () => {
      m.t.clock.freeze(T0);
      const email = fresh('mail');
      await ask({ email, app_link: 'https://app.example.com/done', request_source: 'ios' }).expect(200);
      const mail = await m.smtp.waitFor(email);
      expect(mail.subject).toContain('Fangate');
      const link = firstLink(mail);
      expect(link).toMatch(new RegExp(`^${API}/api/user/email/verify/[A-Za-z0-9]{64}$`));
      expect(mail.html).toContain(`href="${link}"`);
      expect(mail.html).toContain('Fangate');
      const token = link.split('/').pop()!;
      const rows = await query('SELECT * FROM email_verifications');
      expect(rows).toEqual([
        expect.objectContaining({
          email,
          app_link: 'https://app.example.com/done',
          request_source: 'ios',
          token_hash: sha256(token),
          expires_at: new Date(T0.getTime() + 60 * 60_000),
          used_at: null,
          verified_at: null,
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(token);
    });
  });

  describe('opening the link', () => {
    it('verifies an existing account and lands on FRONTEND_URL?verified=1, visible in GET /api/user', async () => {
      const user = await createUser(m.t.db, { email: fresh('owner') });
      const { headers } = await loginWithToken(m.t.server, user.email, user.plainPassword);
      expect((await me(headers)).body.data.email_verified_at).toBeNull();
      m.t.clock.freeze(T0);
      expect(await open(await linkFor(user.email))).toBe(`${SPA}/?verified=1`);
      expect(await verifiedAt(user.id)).toEqual(T0);
      expect((await me(headers)).body.data.email_verified_at).toBe(T0.toISOString());
      const sql = "SELECT 1 FROM security_events WHERE user_id = $1 AND kind = 'email_verified'";
      expect(await query(sql, [user.id])).toHaveLength(1);
    });

    it.each([
      ['https://app.example.com/welcome?from=mail', 'https://app.example.com/welcome?from=mail&verified=1'],
      ['https://app.example.com', 'https://app.example.com/?verified=1'],
      ['fangate://verify', 'fangate://verify?verified=1'],
      ...[
        'https://evil.example.com/',
        'https://app.example.com.evil.com/',
        'https://app.example.com@evil.example.com/',
        '//evil.example.com/',
        'javascript:alert(1)',
        'fangatex://verify',
      ].map((foreign) => [foreign, `${SPA}/?verified=1`]),
    ])('app_link %s → 302 to %s (allowlisted prefixes only), and verified', async (appLink, expected) => {
      const user = await createUser(m.t.db, { email: fresh('app') });
      expect(await open(await linkFor(user.email, { app_link: appLink }))).toBe(expected);
      expect(await verifiedAt(user.id)).not.toBeNull();
    });

    it('works once: a reused link → verified=0&error=invalid', async () => {
      const path = await linkFor(fresh('reuse'));
      expect(await open(path)).toMatch(ticketed(`${SPA}/`));
      expect(await open(path)).toBe(`${SPA}/?verified=0&error=invalid`);
    });

    it('opened twice at once: exactly one opening verifies', async () => {
      const path = await linkFor(fresh('race'));
      const locations = await Promise.all([open(path), open(path)]);
      expect(locations.sort()).toEqual([
        `${SPA}/?verified=0&error=invalid`,
        expect.stringMatching(ticketed(`${SPA}/`)),
      ]);
    });

    it('expires after 60 minutes: verified=0&error=expired (to the app_link), and verifies nothing', async () => {
      m.t.clock.freeze(T0);
      const user = await createUser(m.t.db, { email: fresh('late') });
      const early = await linkFor(user.email);
      const late = await linkFor(user.email, { app_link: 'fangate://v' }, 2);
      m.t.clock.advance(61 * 60_000);
      expect(await open(late)).toBe('fangate://v?verified=0&error=expired');
      expect(await open(early)).toBe(`${SPA}/?verified=0&error=expired`);
      expect(await verifiedAt(user.id)).toBeNull();
    });

    it('still works 59 minutes after the request', async () => {
      m.t.clock.freeze(T0);
      const path = await linkFor(fresh('in-time'));
      m.t.clock.advance(59 * 60_000);
      expect(await open(path)).toMatch(ticketed(`${SPA}/`));
    });

    it.each([
      ['unknown', 'A'.repeat(64)],
      ['short', 'abc'],
      ['long', 'a'.repeat(300)],
      ['odd', '%E2%80%AE..%2F'],
    ])('an %s token → FRONTEND_URL?verified=0&error=invalid', async (_c, token) => {
      expect(await open(`${VERIFY}/${token}`)).toBe(`${SPA}/?verified=0&error=invalid`);
    });
  });

  describe('before registration and for logged-in users', () => {
    const register = async (email: string, verification?: string) => {
      const body = {
        email,
        password: 'Correct-Horse-9',
        first_name: 'A',
        last_name: 'B',
        birth_date: '1990-01-01',
        ...(verification !== undefined && { email_verification: verification }),
      };
      const res = await request(m.t.server).post('/api/register').send(body).expect(201);
      return res.body.data.user.email_verified_at as string | null;
    };
    const ticketOf = (location: string) => new URL(location).searchParams.get('verification')!;

    it('an email verified before its account exists registers verified with the redirect’s token; others unverified', async () => {
      const early = fresh('early');
      const location = await open(await linkFor(early));
      expect(location).toMatch(ticketed(`${SPA}/`));
      expect(await register(early, ticketOf(location))).not.toBeNull();
      const requestedOnly = fresh('requested');
      await linkFor(requestedOnly);
      expect(await register(requestedOnly)).toBeNull();
      expect(await register(fresh('plain'))).toBeNull();
    });

    it('pre-hijack: someone else registering an address verified earlier gets an unverified account', async () => {
      const victim = fresh('victim');
      const location = await open(await linkFor(victim));
      // The attacker registers the address without the token (or with a made-up one, or another address's).
      const other = fresh('other');
      const otherTicket = ticketOf(await open(await linkFor(other)));
      expect(await register(victim, 'A'.repeat(64))).toBeNull();
      const [row] = await query('SELECT email_verified_at FROM users WHERE lower(email) = lower($1)', [
        victim,
      ]);
      expect(row.email_verified_at).toBeNull();
      // The victim's token does not verify a different address either, and works once.
      expect(ticketOf(location)).not.toBe(otherTicket);
      expect(await register(other, ticketOf(location))).toBeNull();
    });

    it('the token of a pre-registration verification works once and for one hour after opening', async () => {
      m.t.clock.freeze(T0);
      const [late, once] = [fresh('late-ticket'), fresh('once')];
      const lateTicket = ticketOf(await open(await linkFor(late)));
      const onceTicket = ticketOf(await open(await linkFor(once)));
      m.t.clock.advance(61 * 60_000);
      expect(await register(late, lateTicket)).toBeNull();
      m.t.clock.freeze(T0);
      expect(await register(once, onceTicket)).not.toBeNull();
      await query('DELETE FROM users WHERE lower(email) = lower($1)', [once]);
      expect(await register(once, onceTicket)).toBeNull();
    });

    it('a logged-in unverified user can ask again and the new link works', async () => {
      const user = await createUser(m.t.db, { email: fresh('again') });
      const { headers } = await loginWithToken(m.t.server, user.email, user.plainPassword);
      await ask({ email: user.email }, headers).expect(200);
      const first = new URL(firstLink(await m.smtp.waitForNth(user.email, 1))).pathname;
      await ask({ email: user.email }, headers).expect(200);
      const second = new URL(firstLink(await m.smtp.waitForNth(user.email, 2))).pathname;
      expect(second).not.toBe(first);
      expect(await open(second)).toBe(`${SPA}/?verified=1`);
      expect((await me(headers)).body.data.email_verified_at).not.toBeNull();
    });
  });

  it('throttles one email silently: the 4th request in 15 minutes answers 200 and sends nothing', async () => {
    const [email, other] = [fresh('throttled'), fresh('other')];
    for (const e of [email, email, email, email.toUpperCase(), other]) {
      expect((await ask({ email: e }).expect(200)).body).toEqual(OK);
    }
    await drain();
    expect(m.smtp.sentTo(email)).toHaveLength(3);
    expect(m.smtp.sentTo(other)).toHaveLength(1);
    expect(await query('SELECT 1 FROM email_verifications WHERE lower(email) = $1', [email])).toHaveLength(3);
  });
});

describe('email verification: each environment links to its own stack', () => {
  const smtp = new SmtpCapture();
  const apps: TestApp[] = [];
  const envs = [
    { APP_URL: 'https://api.staging.fangate.test', FRONTEND_URL: 'https://staging.fangate.test' },
    { APP_URL: 'https://api.fangate.test', FRONTEND_URL: 'https://fangate.test' },
  ];
  beforeAll(async () => {
    const MAIL_URL = await smtp.start();
    for (const env of envs) apps.push(await createTestApp({ ...env, MAIL_URL }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await resetDatabase(apps[0].db);
    smtp.clear();
  });

  it('mails links under each app’s APP_URL that land on its FRONTEND_URL', async () => {
    for (const [i, app] of apps.entries()) {
      const email = fresh(`env${i}`);
      await request(app.server).post(VERIFY).send({ email }).expect(200);
      const link = new URL(firstLink(await smtp.waitFor(email)));
      expect(link.origin).toBe(envs[i].APP_URL);
      const res = await request(app.server).get(link.pathname).expect(302);
      expect(res.headers.location).toMatch(ticketed(`${envs[i].FRONTEND_URL}/`));
    }
  });
});

describe('email verification: per-IP limit', () => {
  const m = withMailApp({ IP_RATE_LIMIT: '3' });

  it('answers the 4th request from one IP within a minute with 429 and Retry-After, and sends nothing', async () => {
    const emails = [1, 2, 3, 4].map((i) => fresh(`ip${i}`));
    for (const email of emails.slice(0, 3))
      await request(m.t.server).post(VERIFY).send({ email }).expect(200);
    const res = await request(m.t.server).post(VERIFY).send({ email: emails[3] }).expect(429);
    expect(res.body).toEqual(failure('Too Many Attempts.'));
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    await m.t.app.get(MailService).drain();
    expect(m.smtp.sentTo(emails[2])).toHaveLength(1);
    expect(m.smtp.sentTo(emails[3])).toHaveLength(0);
  });
});
