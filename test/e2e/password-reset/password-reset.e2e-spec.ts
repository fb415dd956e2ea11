import { beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { MailService } from '../../../src/mail/mail.service';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { firstLink, withMailApp } from '../../utils/smtp-capture';

const OK = { success: true, errors_message: null, data: null };
const SPA = 'https://spa.fangate.test';
const RESET = '/api/user/password/reset';
const INVALID = 'This password reset token is invalid.';
const NEW_PASSWORD = 'Brand-New-Passphrase-42';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const fresh = (tag: string) => `${tag}+${randomUUID()}@example.com`;
const invalidToken = {
  success: false,
  errors_message: INVALID,
  message: INVALID,
  data: null,
  errors: { token: [INVALID] },
};

describe('password reset over real SMTP', () => {
  const m = withMailApp({ APP_NAME: 'Fangate', FRONTEND_URL: SPA, IP_RATE_LIMIT: '1000' });
  const ask = (email: string) => request(m.t.server).post(RESET).send({ email });
  /** Requests a reset and returns the token of the n-th mail to that address. */
  const tokenFor = async (email: string, nth = 1) => {
    await ask(email).expect(200);
    return new URL(firstLink(await m.smtp.waitForNth(email, nth))).searchParams.get('token')!;
  };
  const confirm = (body: Record<string, unknown>) =>
    request(m.t.server)
      .post(`${RESET}/confirm`)
      .send({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD, ...body });
  const apiLogin = (email: string, password: string) =>
    request(m.t.server).post('/api/login').set('Accept', 'application/json').send({ email, password });
  const hashOf = async (id: number) =>
    ((await m.t.db.query('SELECT password FROM users WHERE id = $1', [id])) as { password: string }[])[0]
      .password;
  const drain = () => m.t.app.get(MailService).drain();

  describe('POST /api/user/password/reset', () => {
    it('answers identically for a known and an unknown email; only the known one gets a mail', async () => {
      const user = await createUser(m.t.db, { email: fresh('known') });
      const unknown = fresh('unknown');
      const [known, missing] = [await ask(user.email).expect(200), await ask(unknown).expect(200)];
      expect(known.body).toEqual(OK);
      expect(missing.text).toBe(known.text);
      await drain();
      expect(m.smtp.sentTo(user.email)).toHaveLength(1);
      expect(m.smtp.sentTo(unknown)).toHaveLength(0);
      expect(m.smtp.messages).toHaveLength(1);
    });

    it('mails FRONTEND_URL/reset-password?token&email and stores only the token hash', async () => {
      const now = new Date('2030-05-01T10:00:00.000Z');
      m.t.clock.freeze(now);
      const user = await createUser(m.t.db, { email: fresh('link') });
      await ask(user.email.toUpperCase()).expect(200);
      const mail = await m.smtp.waitFor(user.email);
      expect(mail.subject).toContain('Fangate');
      const link = new URL(firstLink(mail));
      expect(`${link.origin}${link.pathname}`).toBe(`${SPA}/reset-password`);
      expect(link.searchParams.get('email')).toBe(user.email);
      const token = link.searchParams.get('token')!;
      expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(mail.html).toContain(`href="${link.toString().replace(/&/g, '&amp;')}"`);
      const rows = (await m.t.db.query('SELECT * FROM password_resets')) as Record<string, unknown>[];
      expect(rows).toEqual([expect.objectContaining({ user_id: user.id, token_hash: sha256(token) })]);
      expect((rows[0].expires_at as Date).getTime() - now.getTime()).toBe(60 * 60_000);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('a second request replaces the token: the first link stops working, the second works', async () => {
      const user = await createUser(m.t.db, { email: fresh('twice') });
      const first = await tokenFor(user.email);
      const second = await tokenFor(user.email, 2);
      expect(second).not.toBe(first);
      expect(await m.t.db.query('SELECT 1 FROM password_resets')).toHaveLength(1);
      expect((await confirm({ email: user.email, token: first }).expect(422)).body).toEqual(invalidToken);
      await confirm({ email: user.email, token: second }).expect(200);
    });
  });

  describe('POST /api/user/password/reset/confirm refuses', () => {
    let user: Awaited<ReturnType<typeof createUser>>;
    let hashBefore: string;
    beforeEach(async () => {
      user = await createUser(m.t.db, { email: fresh('victim') });
      hashBefore = await hashOf(user.id);
    });

    it('a wrong token', async () => {
      await tokenFor(user.email);
      expect((await confirm({ email: user.email, token: 'A'.repeat(64) }).expect(422)).body).toEqual(
        invalidToken,
      );
      expect(await hashOf(user.id)).toBe(hashBefore);
    });

    it('the right token with another email (known or unknown)', async () => {
      const other = await createUser(m.t.db, { email: fresh('other') });
      await tokenFor(other.email);
      const otherHash = await hashOf(other.id);
      const token = await tokenFor(user.email);
      for (const email of [other.email, fresh('nobody')]) {
        expect((await confirm({ email, token }).expect(422)).body).toEqual(invalidToken);
      }
      expect(await hashOf(other.id)).toBe(otherHash);
      expect(await hashOf(user.id)).toBe(hashBefore);
      await confirm({ email: user.email, token }).expect(200);
    });

    it('a used token', async () => {
      const token = await tokenFor(user.email);
      await confirm({ email: user.email, token }).expect(200);
      const hashAfter = await hashOf(user.id);
      const res = await confirm({
        email: user.email,
        token,
        password: 'Another-Pass-77',
        password_confirmation: 'Another-Pass-77',
      });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(invalidToken);
      expect(await hashOf(user.id)).toBe(hashAfter);
    });

    it('the same token twice at once: exactly one confirmation succeeds', async () => {
      const token = await tokenFor(user.email);
      const answers = await Promise.all([
        confirm({ email: user.email, token }),
        confirm({ email: user.email, token }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    });

    it('an expired token (61 minutes later)', async () => {
      m.t.clock.freeze(new Date('2030-05-01T10:00:00.000Z'));
      const token = await tokenFor(user.email);
      m.t.clock.advance(61 * 60_000);
      expect((await confirm({ email: user.email, token }).expect(422)).body).toEqual(invalidToken);
      expect(await hashOf(user.id)).toBe(hashBefore);
    });

    it.each([
      [
        'a 7-character password',
        { password: 'Ab1-xyz', password_confirmation: 'Ab1-xyz' },
        'password',
        'The password field must be at least 8 characters.',
      ],
      [
        'a common password',
        { password: 'password123', password_confirmation: 'password123' },
        'password',
        'The given password is too common. Please choose a different password.',
      ],
      [
        'a confirmation mismatch',
        { password_confirmation: 'Not-The-Same-42' },
        'password_confirmation',
        'The password field confirmation does not match.',
      ],
    ])('%s (422 with the field), without spending the token', async (_c, body, field, message) => {
      const token = await tokenFor(user.email);
      const res = await confirm({ email: user.email, token, ...body }).expect(422);
      expect(res.body).toMatchObject({ success: false, errors_message: message, message, data: null });
      expect(res.body.errors).toEqual({ [field]: [message] });
      expect(await hashOf(user.id)).toBe(hashBefore);
      await confirm({ email: user.email, token }).expect(200);
    });
  });

  it('a successful reset sets the password, ends every session and token of that user only, audits and notifies', async () => {
    const user = await createUser(m.t.db, { email: fresh('reset') });
    const bystander = await createUser(m.t.db, { email: fresh('bystander') });
    const browser = await loginWithSession(m.t.server, user.email, user.plainPassword);
    const tokens = [
      await loginWithToken(m.t.server, user.email, user.plainPassword),
      await loginWithToken(m.t.server, user.email, user.plainPassword),
    ];
    const theirs = await loginWithToken(m.t.server, bystander.email, bystander.plainPassword);
    const me = (headers: Record<string, string>) => request(m.t.server).get('/api/user').set(headers);
    await me(browser.headers).expect(200);

    const token = await tokenFor(user.email);
    expect((await confirm({ email: user.email, token }).expect(200)).body).toEqual(OK);

    await me(browser.headers).expect(401);
    for (const { headers } of tokens) await me(headers).expect(401);
    await me(theirs.headers).expect(200);
    expect((await apiLogin(user.email, user.plainPassword).expect(422)).body.errors.email).toEqual([
      'These credentials do not match our records.',
    ]);
    await apiLogin(user.email, NEW_PASSWORD).expect(200);

    const events = (await m.t.db.query(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND kind = 'password_reset'",
      [user.id],
    )) as { metadata: Record<string, unknown> }[];
    expect(events).toEqual([{ metadata: { sessions_ended: 1, tokens_revoked: 2 } }]);
    const notice = await m.smtp.waitForNth(user.email, 2);
    expect(notice.subject).toMatch(/password was changed/i);
    expect(notice.text).not.toContain(token);
    expect(await m.t.db.query('SELECT 1 FROM password_resets')).toHaveLength(0);
  });

  it('throttles one email silently: the 4th request in 15 minutes answers 200, sends nothing, keeps the last link', async () => {
    const user = await createUser(m.t.db, { email: fresh('throttled') });
    for (let i = 1; i <= 3; i++) await tokenFor(user.email, i);
    const third = new URL(firstLink(m.smtp.sentTo(user.email)[2])).searchParams.get('token')!;
    expect((await ask(user.email.toUpperCase()).expect(200)).body).toEqual(OK);
    await drain();
    expect(m.smtp.sentTo(user.email)).toHaveLength(3);
    await confirm({ email: user.email, token: third }).expect(200);
  });
});

describe('password reset: per-IP limit', () => {
  const m = withMailApp({ IP_RATE_LIMIT: '3' });

  it('answers the 4th request from one IP within a minute with 429 and Retry-After, and sends nothing', async () => {
    const users = [];
    for (let i = 0; i < 4; i++) users.push(await createUser(m.t.db, { email: fresh(`ip${i}`) }));
    for (const u of users.slice(0, 3))
      await request(m.t.server).post(RESET).send({ email: u.email }).expect(200);
    const res = await request(m.t.server).post(RESET).send({ email: users[3].email }).expect(429);
    const message = 'Too Many Attempts.';
    expect(res.body).toEqual({ success: false, errors_message: message, message, data: null });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    await m.t.app.get(MailService).drain();
    expect(m.smtp.sentTo(users[2].email)).toHaveLength(1);
    expect(m.smtp.sentTo(users[3].email)).toHaveLength(0);
  });
});
