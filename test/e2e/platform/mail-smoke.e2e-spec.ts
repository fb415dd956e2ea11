import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MailService } from '../../../src/mail/mail.service';
import { createUser } from '../../factories/users.factory';
import { loginWithToken } from '../../utils/auth-helpers';
import { firstLink, SmtpCapture } from '../../utils/smtp-capture';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

describe('mail: verification link and password reset over real SMTP', () => {
  const smtp = new SmtpCapture();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      MAIL_URL: await smtp.start(),
      APP_URL: 'http://api.test',
      FRONTEND_URL: 'http://spa.test',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    smtp.clear();
  });

  it('verifies an email before registration, and resets a password', async () => {
    await request(t.server)
      .post('/api/user/email/verify')
      .send({ email: 'new@example.com', app_link: 'http://spa.test/welcome' })
      .expect(200);
    const link = firstLink(await smtp.waitFor('new@example.com'));
    expect(link).toMatch(/^http:\/\/api\.test\/api\/user\/email\/verify\/[A-Za-z0-9]{64}$/);
    const path = new URL(link).pathname;
    const opened = await request(t.server).get(path).expect(302);
    expect(opened.headers.location).toMatch(
      /^http:\/\/spa\.test\/welcome\?verified=1&verification=[A-Za-z0-9]{64}$/,
    );
    expect((await request(t.server).get(path).expect(302)).headers.location).toBe(
      'http://spa.test/welcome?verified=0&error=invalid',
    );

    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    await request(t.server).post('/api/user/password/reset').send({ email: user.email }).expect(200);
    const resetLink = new URL(firstLink(await smtp.waitFor(user.email)));
    expect(resetLink.origin + resetLink.pathname).toBe('http://spa.test/reset-password');
    await request(t.server)
      .post('/api/user/password/reset/confirm')
      .send({
        email: user.email,
        token: resetLink.searchParams.get('token'),
        password: 'Brand-New-Pass-7',
        password_confirmation: 'Brand-New-Pass-7',
      })
      .expect(200);
    await request(t.server).get('/api/user').set(headers).expect(401);
    await t.app.get(MailService).drain();
    expect(smtp.messages.filter((m) => m.to.includes(user.email))).toHaveLength(2);
  });
});
