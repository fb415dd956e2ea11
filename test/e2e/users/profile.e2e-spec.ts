import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError, expectFieldError, row } from '../../utils/api';
import { loginWithToken } from '../../utils/auth-helpers';
import { auditResponses, expectNoLeaks } from '../../utils/response-audit';
import { useTestApp } from '../../utils/test-app';

describe('PUT /api/user/profile: the caller’s own names and settings (contract §5)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  it('without credentials → 401 and nothing changes', async () => {
    const user = await createUser(t.db);
    const res = await request(t.server).put('/api/user/profile').send({ first_name: 'Mallory' });
    expectApiError(res, 401, 'Unauthenticated.');
    expect(await row(t.db, 'SELECT first_name FROM users WHERE id = $1', [user.id])).toEqual({
      first_name: 'Test',
    });
  });

  it('PUT /api/user/profile updates names, adult content and payout; the account number is masked and encrypted', async () => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    const accountNumber = 'DE89370400440532013000';
    const res = await request(t.server)
      .put('/api/user/profile')
      .set(headers)
      .send({
        first_name: ' Casey ',
        last_name: 'Updated',
        adult_content: { enabled: true },
        payout: {
          bank_name: 'Deutsche Bank',
          account_holder: 'Casey Updated',
          account_number: accountNumber,
        },
      });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      first_name: 'Casey',
      last_name: 'Updated',
      adult_content: { enabled: true, blur_previews: true },
      payout: { bank_name: 'Deutsche Bank', account_holder: 'Casey Updated', account_number: '****3000' },
    });
    expectNoLeaks(res, [accountNumber, '0532013000']);

    const payout = await row<Record<string, string>>(
      t.db,
      'SELECT * FROM payout_accounts WHERE user_id = $1',
      [user.id],
    );
    expect(payout!.account_number_encrypted).toBeTruthy();
    expect(JSON.stringify(payout)).not.toContain(accountNumber);
    expect(payout!.account_number_last4).toBe('3000');
    expect(
      await row(
        t.db,
        'SELECT first_name, last_name, adult_content FROM users JOIN fangate_accounts ON user_id = id WHERE id = $1',
        [user.id],
      ),
    ).toEqual({
      first_name: 'Casey',
      last_name: 'Updated',
      adult_content: { enabled: true },
    });
    const me = await request(t.server).get('/api/user').set(headers).expect(200);
    expect(me.body.data.payout.account_number).toBe('****3000');
  });

  it('PUT /api/user/profile changes only the adult-content settings it is given', async () => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    await request(t.server)
      .put('/api/user/profile')
      .set(headers)
      .send({ adult_content: { enabled: true } })
      .expect(200);
    const res = await request(t.server)
      .put('/api/user/profile')
      .set(headers)
      .send({ adult_content: { blur_previews: false } })
      .expect(200);
    expect(res.body.data.adult_content).toEqual({ enabled: true, blur_previews: false });
    expect(
      await row(t.db, 'SELECT adult_content FROM fangate_accounts WHERE user_id = $1', [user.id]),
    ).toEqual({
      adult_content: { enabled: true, blur_previews: false },
    });
  });

  it('PUT /api/user/profile ignores fields that are not the caller’s to change', async () => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    const res = await request(t.server)
      .put('/api/user/profile')
      .set(headers)
      .send({ id: 999, email: 'new@example.com', roles: ['admin'], fee_percentage: 0, last_name: 'Kept' });
    expect(res.status).toBe(200);
    expect(
      await row(
        t.db,
        'SELECT id, email, roles, fee_percentage, last_name FROM users JOIN fangate_accounts ON user_id = id WHERE id = $1',
        [user.id],
      ),
    ).toEqual({
      id: user.id,
      email: user.email,
      roles: ['creator'],
      fee_percentage: null,
      last_name: 'Kept',
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['first_name a number', { first_name: 5 }, 'first_name', 'The first name field must be a string.'],
    [
      'adult_content a string',
      { adult_content: 'yes' },
      'adult_content',
      'The adult content field must be an object.',
    ],
    [
      'adult_content.enabled a string',
      { adult_content: { enabled: 'yes' } },
      'adult_content.enabled',
      'The enabled field must be true or false.',
    ],
    [
      'an account number with symbols',
      { payout: { account_number: '12-34' } },
      'payout.account_number',
      'The account number field must be 4 to 34 letters or digits.',
    ],
  ])('PUT /api/user/profile with %s → 422', async (_case, body, field, message) => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    expectFieldError(
      await request(t.server).put('/api/user/profile').set(headers).send(body),
      field,
      message,
    );
  });
});
