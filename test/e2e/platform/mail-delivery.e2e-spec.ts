import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MailService } from '../../../src/mail/mail.service';
import { createUser } from '../../factories/users.factory';
import { firstLink, SmtpCapture, withMailApp } from '../../utils/smtp-capture';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

const OK = { success: true, errors_message: null, data: null };
const SPA = 'http://spa.test';
const fresh = (tag: string) => `${tag}-${randomUUID()}@example.com`;

/** Keeps what the app logs (through Nest's public useLogger), so a test can read it instead of stdout. */
class CapturingLogger implements LoggerService {
  readonly entries: { level: string; message: string }[] = [];
  private add = (level: string) => (message: unknown) =>
    this.entries.push({ level, message: String(message) });
  log = this.add('log');
  warn = this.add('warn');
  error = this.add('error');
  texts = (level: string) => this.entries.filter((e) => e.level === level).map((e) => e.message);
}
const restoreLogger = () => Logger.overrideLogger(new ConsoleLogger({ logLevels: ['error', 'warn'] }));

/** drain() must settle; bounded so a hang fails with a clear message instead of the suite timeout. */
const drainWithin = (t: TestApp, ms: number) =>
  Promise.race([
    t.app.get(MailService).drain(),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`drain() still pending after ${ms} ms`)), ms).unref(),
    ),
  ]);

/** Both public mail endpoints, with how their mailed link starts. */
const requests = [
  ['a verification link', '/api/user/email/verify', 'http://api.test/api/user/email/verify/'],
  ['a password reset link', '/api/user/password/reset', `${SPA}/reset-password?token=`],
] as const;

describe('mail delivery: SMTP failing transiently', () => {
  const m = withMailApp({ APP_URL: 'http://api.test', FRONTEND_URL: SPA });
  const logger = new CapturingLogger();
  beforeAll(() => m.t.app.useLogger(logger));
  afterAll(restoreLogger);
  beforeEach(() => {
    logger.entries.length = 0;
  });

  it.each(requests)(
    '%s answers 200 at once and arrives after two refused attempts',
    async (_c, path, link) => {
      const user = await createUser(m.t.db, { email: fresh('retry') });
      m.smtp.failNext(2);
      const res = await request(m.t.server).post(path).send({ email: user.email }).expect(200);
      expect(res.body).toEqual(OK);
      // The first retry waits 500 ms and the second 1 s: an answer that waited for delivery would find it here.
      expect(m.smtp.sentTo(user.email)).toHaveLength(0);
      const mail = await m.smtp.waitFor(user.email, 10_000);
      expect(firstLink(mail).startsWith(link)).toBe(true);
      expect(m.smtp.attempts).toBe(3);
      await drainWithin(m.t, 10_000);
      expect(m.smtp.sentTo(user.email)).toHaveLength(1);
      expect(logger.texts('warn')).toEqual([
        expect.stringContaining('(attempt 1/3)'),
        expect.stringContaining('(attempt 2/3)'),
      ]);
      expect(logger.texts('error')).toEqual([]);
    },
  );
});

describe('mail delivery: SMTP unreachable', () => {
  const logger = new CapturingLogger();
  let t: TestApp;
  beforeAll(async () => {
    const gone = new SmtpCapture();
    const MAIL_URL = await gone.start();
    await gone.stop();
    t = await createTestApp({ MAIL_URL, FRONTEND_URL: SPA });
    t.app.useLogger(logger);
  });
  afterAll(async () => {
    await t.close();
    restoreLogger();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    logger.entries.length = 0;
  });

  it.each(requests)(
    '%s still answers 200, and the failure is logged, not thrown',
    async (_c, path, _link) => {
      const user = await createUser(t.db, { email: fresh('down') });
      const res = await request(t.server).post(path).send({ email: user.email });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(OK);
      await drainWithin(t, 10_000);
      const failures = logger
        .texts('warn')
        .concat(logger.texts('error'))
        .filter((m) => m.includes('failed'));
      expect(failures).toHaveLength(3);
      expect(logger.texts('error').some((m) => m.includes('attempt 3/3'))).toBe(true);
    },
  );

  it('keeps the verification request stored although its mail could not be sent', async () => {
    const email = fresh('stored');
    await request(t.server).post('/api/user/email/verify').send({ email }).expect(200);
    await drainWithin(t, 10_000);
    expect(await t.db.query('SELECT 1 FROM email_verifications WHERE email = $1', [email])).toHaveLength(1);
  });
});

describe('mail delivery: no MAIL_URL (mail goes to the log)', () => {
  const logger = new CapturingLogger();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ FRONTEND_URL: SPA });
    t.app.useLogger(logger);
  });
  afterAll(async () => {
    await t.close();
    restoreLogger();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    logger.entries.length = 0;
  });

  const loggedLink = (email: string) => {
    const entry = logger.texts('log').find((m) => m.includes(email));
    const link = entry && /https?:\/\/\S+/.exec(entry)?.[0];
    if (!link) throw new Error(`No logged mail with a link to ${email}`);
    return new URL(link);
  };

  it('logs the verification mail in full; its link can be followed', async () => {
    const email = fresh('local');
    expect((await request(t.server).post('/api/user/email/verify').send({ email }).expect(200)).body).toEqual(
      OK,
    );
    await drainWithin(t, 5_000);
    const res = await request(t.server).get(loggedLink(email).pathname).expect(302);
    expect(res.headers.location).toMatch(/\?verified=1&verification=[A-Za-z0-9]{64}$/);
  });

  it('logs the password reset mail in full; its token resets the password', async () => {
    const user = await createUser(t.db, { email: fresh('local-reset') });
    expect(
      (await request(t.server).post('/api/user/password/reset').send({ email: user.email }).expect(200)).body,
    ).toEqual(OK);
    await drainWithin(t, 5_000);
    const link = loggedLink(user.email);
    expect(`${link.origin}${link.pathname}`).toBe(`${SPA}/reset-password`);
    const password = 'Brand-New-Passphrase-42';
    await request(t.server)
      .post('/api/user/password/reset/confirm')
      .send({
        email: user.email,
        token: link.searchParams.get('token'),
        password,
        password_confirmation: password,
      })
      .expect(200);
    await request(t.server).post('/api/login').send({ email: user.email, password }).expect(200);
  });
});
