import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MailService } from '../../../src/mail/mail.service';
import { createUser } from '../../factories/users.factory';
import { SmtpCapture } from '../../utils/smtp-capture';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';
import { enableTwoFactor } from '../../utils/two-factor';

describe('two-factor changes are mailed as security notices', () => {
  const smtp = new SmtpCapture();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ MAIL_URL: await smtp.start(), APP_NAME: 'Notice Test' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    smtp.clear();
    t.clock.freeze(new Date('2026-11-22T10:00:00Z'));
  });

  it('mails a notice when 2FA is turned on, codes are regenerated, a recovery code is used and 2FA is turned off', async () => {
    const user = await createUser(t.db);
    const { headers, recoveryCodes } = await enableTwoFactor(t, user);
    await request(t.server).post('/user/two-factor-recovery-codes').set(headers).expect(200);
    const fresh = (await request(t.server).get('/user/two-factor-recovery-codes').set(headers).expect(200))
      .body;
    expect(fresh).not.toContain(recoveryCodes[0]);
    const login = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword });
    await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge: login.body.data.challenge, recovery_code: fresh[0] })
      .expect(200);
    await request(t.server).delete('/user/two-factor-authentication').set(headers).expect(200);
    await t.app.get(MailService).drain();

    const notices = smtp.messages.filter((m) => m.to.includes(user.email)).map((m) => m.text);
    expect(notices).toHaveLength(4);
    expect(notices[0]).toContain('Two-factor authentication was turned on');
    expect(notices[1]).toContain('New two-factor recovery codes were generated');
    expect(notices[2]).toContain('A two-factor recovery code was used');
    expect(notices[3]).toContain('Two-factor authentication was turned off');
    expect(smtp.messages.every((m) => m.subject.includes('Notice Test'))).toBe(true);
  });
});
