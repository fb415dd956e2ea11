import { beforeAll, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcrypt';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MailService } from '../../src/mail/mail.service';
import { createUser } from '../factories/users.factory';
import { uniqueEmail } from '../factories/registration.factory';
import { JSON_ACCEPT } from '../utils/api';
import { absorb, loginWithToken, startBrowserSession, type BrowserSession } from '../utils/auth-helpers';
import { bearer, burst, expectAllAnswered, firstParty, listen } from '../utils/concurrency';
import { firstLink, withMailApp } from '../utils/smtp-capture';

const LOGINS = 8;
const ROUNDS = 3;
const NEW_PASSWORD = 'Brand-New-Pass-2026!';

/**
 * A password change or reset ends every session and token of the account (docs/http-contract.md
 * §5, §6), including those of logins with the old password that were running at the same moment:
 * each such login either finishes before the change (and the change revokes what it made) or is
 * refused. Nothing made from the old password works once the change has answered.
 */
describe('logins with the old password racing a password change or reset', () => {
  const m = withMailApp({ FRONTEND_URL: 'https://spa.test', IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(m.t.server));

  /** A production-like bcrypt cost, so that the logins' checks overlap the change. */
  const slowUser = async () => {
    const plainPassword = `Old-${randomUUID()}`;
    const user = await createUser(m.t.db, {
      email: uniqueEmail('race'),
      password: await bcrypt.hash(plainPassword, 10),
    });
    return Object.assign(user, { plainPassword });
  };

  /** LOGINS logins with the old password, half bearer and half SPA, sent together with `change`. */
  const raceLogins = async (
    user: { email: string; plainPassword: string },
    change: () => request.Test,
  ): Promise<{ changed: request.Response; credentials: Record<string, string>[] }> => {
    const browsers = await Promise.all(
      Array.from({ length: LOGINS / 2 }, () => startBrowserSession(m.t.server)),
    );
    const items: { owner: string; browser?: BrowserSession; go: () => request.Test }[] = [
      { owner: 'change', go: change },
      ...Array.from({ length: LOGINS / 2 }, () => ({
        owner: 'api',
        go: () =>
          request(m.t.server)
            .post('/api/login')
            .set(JSON_ACCEPT)
            .send({ email: user.email, password: user.plainPassword }),
      })),
      ...browsers.map((b) => ({
        owner: 'spa',
        browser: b,
        go: () =>
          request(m.t.server)
            .post('/login')
            .set(b.headers)
            .send({ email: user.email, password: user.plainPassword }),
      })),
    ];
    const sent = await burst(items, (i) => i.go());
    const answers = expectAllAnswered(sent);
    const credentials: Record<string, string>[] = [];
    items.forEach((item, i) => {
      const res = answers[i];
      if (item.owner === 'change') return;
      expect([200, 422]).toContain(res.status);
      if (res.status !== 200) return;
      if (item.owner === 'api') credentials.push(bearer(res.body.data.token));
      else
        credentials.push(
          firstParty(absorb((item as { browser: Parameters<typeof absorb>[0] }).browser, res).cookie),
        );
    });
    return { changed: answers[0], credentials };
  };

  const stillWorking = async (credentials: Record<string, string>[]) =>
    (await Promise.all(credentials.map((h) => request(m.t.server).get('/api/user').set(h)))).filter(
      (r) => r.status !== 401,
    ).length;

  it('PUT /user/password: no credential from the concurrent old-password logins survives', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const user = await slowUser();
      const owner = await loginWithToken(m.t.server, user.email, user.plainPassword);
      const { changed, credentials } = await raceLogins(user, () =>
        request(m.t.server).put('/user/password').set(owner.headers).send({
          current_password: user.plainPassword,
          password: NEW_PASSWORD,
          password_confirmation: NEW_PASSWORD,
        }),
      );
      expect(changed.status).toBe(200);
      expect(await stillWorking(credentials)).toBe(0);
    }
  });

  it('password reset confirmation: no credential from the concurrent old-password logins survives', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      m.smtp.clear();
      const user = await slowUser();
      await request(m.t.server).post('/api/user/password/reset').send({ email: user.email }).expect(200);
      await m.t.app.get(MailService).drain();
      const token = new URL(firstLink(m.smtp.sentTo(user.email)[0])).searchParams.get('token')!;
      const { changed, credentials } = await raceLogins(user, () =>
        request(m.t.server).post('/api/user/password/reset/confirm').set(JSON_ACCEPT).send({
          email: user.email,
          token,
          password: NEW_PASSWORD,
          password_confirmation: NEW_PASSWORD,
        }),
      );
      expect(changed.status).toBe(200);
      expect(await stillWorking(credentials)).toBe(0);
    }
  });
});
