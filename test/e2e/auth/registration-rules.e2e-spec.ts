import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registrationBody } from '../../factories/registration.factory';
import { createUser } from '../../factories/users.factory';
import { expectFieldError, JSON_ACCEPT, registerViaApi } from '../../utils/api';
import { auditResponses } from '../../utils/response-audit';
import { useTestApp } from '../../utils/test-app';

const TAKEN = 'The email has already been taken.';
const COMMON = 'The given password is too common. Please choose a different password.';
const DATE_FORMAT = 'The birth date field must match the format Y-m-d.';
const FEE_RANGE = 'The fee percentage field must be between 0 and 10.';

describe('registration rules: every §5 rule is a 422 naming its field, never a 500', () => {
  let audit: ReturnType<typeof auditResponses>;
  // This file sends far more than 60 registrations a minute from one IP; the per-IP limit has its own test.
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => {
    t.clock.reset();
    audit.assertClean();
  });

  const register = (overrides: Record<string, unknown>) =>
    request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody(overrides));
  const userCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM users'))[0].n);

  it.each<[string, Record<string, unknown>, string, string]>([
    ['email missing', { email: undefined }, 'email', 'The email field is required.'],
    ['email empty', { email: '   ' }, 'email', 'The email field is required.'],
    ['email invalid', { email: 'not-an-email' }, 'email', 'The email field must be a valid email address.'],
    [
      'email too long',
      { email: `${'a'.repeat(250)}@example.com` },
      'email',
      'The email field must not be greater than 255 characters.',
    ],
    [
      'email disposable',
      { email: 'someone@mailinator.com' },
      'email',
      'Disposable email addresses are not allowed.',
    ],
    [
      'email on a disposable subdomain',
      { email: 'someone@inbox.mailinator.com' },
      'email',
      'Disposable email addresses are not allowed.',
    ],
    ['password missing', { password: undefined }, 'password', 'The password field is required.'],
    [
      'password of 7 characters',
      { password: 'Ab3$efg' },
      'password',
      'The password field must be at least 8 characters.',
    ],
    [
      'password over 72 bytes',
      { password: 'é'.repeat(40) },
      'password',
      'The password field must not be greater than 72 bytes.',
    ],
    ['common password password123', { password: 'password123' }, 'password', COMMON],
    ['common password qwertyuiop', { password: 'QwertyUiop' }, 'password', COMMON],
    ['first_name missing', { first_name: undefined }, 'first_name', 'The first name field is required.'],
    ['last_name blank', { last_name: '  ' }, 'last_name', 'The last name field is required.'],
    ['birth_date missing', { birth_date: undefined }, 'birth_date', 'The birth date field is required.'],
    ['birth_date as DD/MM/YYYY', { birth_date: '12/04/1990' }, 'birth_date', DATE_FORMAT],
    ['birth_date without padding', { birth_date: '1990-4-12' }, 'birth_date', DATE_FORMAT],
    ['birth_date 2015-02-30', { birth_date: '2015-02-30' }, 'birth_date', DATE_FORMAT],
    [
      'birth_date in year 0 (no such year in PostgreSQL)',
      { birth_date: '0000-01-01' },
      'birth_date',
      DATE_FORMAT,
    ],
    ['birth_date with a time', { birth_date: '1990-04-12T00:00:00Z' }, 'birth_date', DATE_FORMAT],
    ['fee_percentage 10.5', { fee_percentage: 10.5 }, 'fee_percentage', FEE_RANGE],
    ['fee_percentage -1', { fee_percentage: -1 }, 'fee_percentage', FEE_RANGE],
    [
      'fee_percentage with 3 decimals',
      { fee_percentage: 1.234 },
      'fee_percentage',
      'The fee percentage field must be a number.',
    ],
    ['master_id nonexistent', { master_id: 999999 }, 'master_id', 'The selected master id is invalid.'],
    ['master_id beyond int range', { master_id: 1e12 }, 'master_id', 'The selected master id is invalid.'],
    [
      'invite_code unknown',
      { invite_code: 'NOSUCHCODE' },
      'invite_code',
      'The selected invite code is invalid.',
    ],
    [
      'currency_id nonexistent',
      { currency_id: 99999 },
      'currency_id',
      'The selected currency id is invalid.',
    ],
    [
      'account_type listener on /api',
      { account_type: 'listener' },
      'account_type',
      'The selected account type is invalid.',
    ],
    [
      'account_type admin on /api',
      { account_type: 'admin' },
      'account_type',
      'The selected account type is invalid.',
    ],
  ])('%s → 422', async (_case, overrides, field, message) => {
    const res = await register(overrides);
    expectFieldError(res, field, message);
    expect(Object.keys(res.body.errors)).toEqual([field]);
    expect(res.body.message).toBe(message);
    expect(await userCount()).toBe(0);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['first_name a number', { first_name: 123 }, 'first_name', 'The first name field must be a string.'],
    ['email an array', { email: ['a@example.com'] }, 'email', 'The email field must be a string.'],
    ['password an object', { password: { length: 9 } }, 'password', 'The password field must be a string.'],
    ['password true', { password: true }, 'password', 'The password field must be a string.'],
    ['birth_date a number', { birth_date: 19900412 }, 'birth_date', DATE_FORMAT],
    [
      'fee_percentage "abc"',
      { fee_percentage: 'abc' },
      'fee_percentage',
      'The fee percentage field must be a number.',
    ],
    [
      'fee_percentage an array',
      { fee_percentage: [1] },
      'fee_percentage',
      'The fee percentage field must be a number.',
    ],
    ['master_id "abc"', { master_id: 'abc' }, 'master_id', 'The master id field must be an integer.'],
    ['master_id 1.5', { master_id: 1.5 }, 'master_id', 'The master id field must be an integer.'],
    [
      'currency_id an object',
      { currency_id: { id: 1 } },
      'currency_id',
      'The currency id field must be an integer.',
    ],
    ['invite_code a number', { invite_code: 42 }, 'invite_code', 'The invite code field must be a string.'],
    [
      'account_type an array',
      { account_type: ['creator'] },
      'account_type',
      'The account type field must be a string.',
    ],
  ])('wrong type: %s → 422', async (_case, overrides, field, message) => {
    const res = await register(overrides);
    expectFieldError(res, field, message);
    expect(await userCount()).toBe(0);
  });

  it('password confirmation mismatch → 422 with the confirmation message', async () => {
    // Which key carries it (Laravel: `password`; here: `password_confirmation`) is left open by the contract.
    const res = await register({ password_confirmation: 'Other-Thing-99' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('The password field confirmation does not match.');
    expect(Object.values(res.body.errors).flat()).toEqual([
      'The password field confirmation does not match.',
    ]);
    expect(await userCount()).toBe(0);
  });

  it('reports every failing field at once, the first as the message', async () => {
    const res = await request(t.server)
      .post('/api/register')
      .set(JSON_ACCEPT)
      .send({ email: 'x', password: 'short' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('The email field must be a valid email address.');
    expect(Object.keys(res.body.errors).sort()).toEqual([
      'birth_date',
      'email',
      'first_name',
      'last_name',
      'password',
    ]);
  });

  it('answers 422 for a JSON body that is an array or a string', async () => {
    for (const body of [[registrationBody()], '"just a string"', 'null']) {
      const res = await request(t.server).post('/api/register').set(JSON_ACCEPT).type('json').send(body);
      expect([400, 422]).toContain(res.status);
      expect(res.body.success).toBe(false);
    }
    expect(await userCount()).toBe(0);
  });

  it('refuses a duplicate email case-insensitively', async () => {
    const tag = randomUUID().slice(0, 8);
    await createUser(t.db, { email: `Foo-${tag}@x.com` });
    for (const email of [`foo-${tag}@x.com`, `FOO-${tag}@X.COM`, ` foo-${tag}@x.com `]) {
      expectFieldError(await register({ email }), 'email', TAKEN);
    }
    expect(await userCount()).toBe(1);
  });

  it('refuses master_id together with invite_code', async () => {
    const affiliate = await registerViaApi(t.server);
    const res = await register({ master_id: affiliate.user.id, invite_code: affiliate.user.invite_code });
    expectFieldError(res, 'master_id', 'The master id field prohibits invite code from being present.');
    expect(Object.keys(res.body.errors)).toEqual(['master_id']);
    expect(await userCount()).toBe(1);
  });

  it('requires 18 years on the app clock: exactly 18 today is accepted, one day short is not', async () => {
    t.clock.freeze(new Date('2026-06-15T12:00:00Z'));
    const young = await register({ birth_date: '2008-06-16' });
    expectFieldError(young, 'birth_date', 'You must be at least 18 years old to register.');
    const adult = await register({ birth_date: '2008-06-15' });
    expect(adult.status).toBe(201);
    expect(adult.body.data.user.birth_date).toBe('2008-06-15');
  });

  it('concurrent registrations of one email: exactly one 201, the others 422', async () => {
    const email = `race-${randomUUID().slice(0, 8)}@example.com`;
    const variants = [email, email.toUpperCase(), email, email, email.replace('race', 'RACE')];
    const results = await Promise.all(variants.map((e) => register({ email: e })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) expectFieldError(r, 'email', TAKEN);
    const rows = await t.db.query('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
    expect(rows).toHaveLength(1);
    expect(await t.db.query('SELECT user_id FROM payout_accounts')).toEqual([{ user_id: rows[0].id }]);
  });
});
