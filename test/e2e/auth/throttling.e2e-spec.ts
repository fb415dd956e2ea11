import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registrationBody, uniqueEmail } from '../../factories/registration.factory';
import { createUser } from '../../factories/users.factory';
import { expectApiError, expectBareError, JSON_ACCEPT } from '../../utils/api';
import { startBrowserSession } from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { useTestApp } from '../../utils/test-app';

const TOO_MANY = 'Too Many Attempts.';
const INVALID = 'These credentials do not match our records.';

const expectRetryAfter = (res: request.Response) => {
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  const seconds = Number(res.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
};

// Counters live in memory per app instance; every test uses fresh emails, so tests stay independent.
describe('login throttling: 5 failures a minute per email+IP (contract §3, §4)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  const apiLogin = (email: string, password: string) =>
    request(t.server).post('/api/login').set(JSON_ACCEPT).send({ email, password });

  it('answers 429 with Retry-After to the 6th attempt, even with the right password', async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++) {
      expectApiError(await apiLogin(user.email, `Wrong-${i}-password`), 422, INVALID, { email: [INVALID] });
    }
    const sixth = await apiLogin(user.email, user.plainPassword);
    expectApiError(sixth, 429, TOO_MANY);
    expectRetryAfter(sixth);
    // The email is matched case-insensitively, and no token was issued.
    expectApiError(await apiLogin(user.email.toUpperCase(), user.plainPassword), 429, TOO_MANY);
    expect(await t.db.query('SELECT id FROM personal_access_tokens')).toEqual([]);
  });

  it('counts failures of an unknown email the same way', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) expect((await apiLogin(email, 'Whatever-123')).status).toBe(422);
    expectApiError(await apiLogin(email, 'Whatever-123'), 429, TOO_MANY);
  });

  it('a success before the 5th failure clears the count', async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 4; i++) expect((await apiLogin(user.email, 'Wrong-password-1')).status).toBe(422);
    expect((await apiLogin(user.email, user.plainPassword)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await apiLogin(user.email, 'Wrong-password-1')).status).toBe(422);
    expect((await apiLogin(user.email, user.plainPassword)).status).toBe(200);
  });

  it('throttles one email without touching another', async () => {
    const [victim, bystander] = [await createUser(t.db), await createUser(t.db)];
    for (let i = 0; i < 5; i++) await apiLogin(victim.email, 'Wrong-password-1');
    expectApiError(await apiLogin(victim.email, victim.plainPassword), 429, TOO_MANY);
    expect((await apiLogin(bystander.email, bystander.plainPassword)).status).toBe(200);
  });

  it('applies the same count to the SPA login, answering a bare 429', async () => {
    const user = await createUser(t.db);
    const s = await startBrowserSession(t.server);
    for (let i = 0; i < 5; i++) {
      const res = await request(t.server)
        .post('/login')
        .set(s.headers)
        .send({ email: user.email, password: 'Nope-1234' });
      expectBareError(res, 422, INVALID, { email: [INVALID] });
    }
    const res = await request(t.server)
      .post('/login')
      .set(s.headers)
      .send({ email: user.email, password: user.plainPassword });
    expectBareError(res, 429, TOO_MANY);
    expectRetryAfter(res);
    expect((await t.db.query('SELECT user_id FROM sessions'))[0].user_id).toBeNull();
    // The API login shares the email+IP count.
    expectApiError(await apiLogin(user.email, user.plainPassword), 429, TOO_MANY);
  });
});

describe('per-IP limit on credential endpoints: IP_RATE_LIMIT=3', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp({ IP_RATE_LIMIT: '3' });
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  it('answers the 4th POST /api/login of the minute with 429, whatever the emails and outcomes', async () => {
    const user = await createUser(t.db);
    // A password sprayer tries many accounts from one IP: failed attempts count too.
    for (let i = 0; i < 2; i++)
      expect(
        (await request(t.server).post('/api/login').send({ email: uniqueEmail(), password: 'Spray-1234' }))
          .status,
      ).toBe(422);
    expect(
      (await request(t.server).post('/api/login').send({ email: user.email, password: user.plainPassword }))
        .status,
    ).toBe(200);
    const fourth = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword });
    expectApiError(fourth, 429, TOO_MANY);
    expectRetryAfter(fourth);
    expect(await t.db.query('SELECT id FROM personal_access_tokens')).toHaveLength(1);
  });

  it('answers the 4th POST /api/register of the minute with 429 and creates nothing more', async () => {
    for (let i = 0; i < 3; i++) {
      await request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody()).expect(201);
    }
    const fourth = await request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody());
    expectApiError(fourth, 429, TOO_MANY);
    expectRetryAfter(fourth);
    expect(Number((await t.db.query('SELECT count(*) AS n FROM users'))[0].n)).toBe(3);
  });
});
