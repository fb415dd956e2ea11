import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError, JSON_ACCEPT, row } from '../../utils/api';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { auditResponses, expectNoLeaks } from '../../utils/response-audit';
import { useTestApp } from '../../utils/test-app';

const INVALID = 'These credentials do not match our records.';
const USER_FIELDS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'birth_date',
  'email_verified_at',
  'roles',
  'two_factor_enabled',
  'currency',
  'fee_percentage',
  'master_id',
  'payout',
  'adult_content',
  'features',
  'social_accounts',
];

describe('API login and GET /api/user (contract §4, §5)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  describe('closed doors', () => {
    it('GET /api/user without credentials → 401 envelope', async () => {
      expectApiError(await request(t.server).get('/api/user').set(JSON_ACCEPT), 401, 'Unauthenticated.');
    });

    it.each([
      ['a Basic header', 'Basic dXNlcjpwYXNz'],
      ['an empty Bearer', 'Bearer '],
      ['a made-up Bearer', 'Bearer 1|not-a-real-token'],
      ['a well-formed unknown token', `Bearer 7|${'a'.repeat(40)}00000000`],
    ])('GET /api/user with %s → 401', async (_case, authorization) => {
      const res = await request(t.server)
        .get('/api/user')
        .set({ Authorization: authorization, ...JSON_ACCEPT });
      expectApiError(res, 401, 'Unauthenticated.');
    });

    it('POST /api/login: the same 422 for an unknown email and a wrong password, no token row', async () => {
      const user = await createUser(t.db);
      const unknown = await request(t.server)
        .post('/api/login')
        .send({ email: 'nobody@example.com', password: user.plainPassword });
      const wrong = await request(t.server)
        .post('/api/login')
        .send({ email: user.email, password: 'Nope-Nope-1' });
      expectApiError(unknown, 422, INVALID, { email: [INVALID] });
      expectApiError(wrong, 422, INVALID, { email: [INVALID] });
      expect(await t.db.query('SELECT id FROM personal_access_tokens')).toEqual([]);
    });

    it('POST /api/login with missing fields → 422 naming them', async () => {
      const res = await request(t.server).post('/api/login').send({ password: 'x' });
      expectApiError(res, 422, 'The email field is required.', { email: ['The email field is required.'] });
    });

    it('POST /api/login for a social-only account (no password) → 422', async () => {
      const user = await createUser(t.db, { password: null });
      const res = await request(t.server)
        .post('/api/login')
        .send({ email: user.email, password: user.plainPassword });
      expectApiError(res, 422, INVALID, { email: [INVALID] });
    });
  });

  it('POST /api/login → 200 {user, token} and a token row with the device fields', async () => {
    const user = await createUser(t.db);
    const res = await request(t.server)
      .post('/api/login')
      .set({ ...JSON_ACCEPT, 'User-Agent': 'FangateApp/2.1' })
      .send({
        email: user.email,
        password: user.plainPassword,
        device_name: 'Casey’s iPhone',
        fcm_token: 'fcm-1',
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      errors_message: null,
      data: { user: expect.objectContaining({ id: user.id, email: user.email }), token: expect.any(String) },
    });
    expectNoLeaks(res, [user.password!]);
    const id = res.body.data.token.split('|')[0];
    expect(
      await row(
        t.db,
        'SELECT user_id, name, abilities, device_name, user_agent, fcm_token, last_used_at, expires_at FROM personal_access_tokens WHERE id = $1',
        [id],
      ),
    ).toEqual({
      user_id: user.id,
      name: 'api',
      abilities: ['*'],
      device_name: 'Casey’s iPhone',
      user_agent: 'FangateApp/2.1',
      fcm_token: 'fcm-1',
      last_used_at: null,
      expires_at: null,
    });
  });

  it('a user may hold several tokens at once', async () => {
    const user = await createUser(t.db);
    const a = await loginWithToken(t.server, user.email, user.plainPassword);
    const b = await loginWithToken(t.server, user.email, user.plainPassword);
    expect(a.token).not.toBe(b.token);
    for (const headers of [a.headers, b.headers])
      await request(t.server).get('/api/user').set(headers).expect(200);
  });

  it('GET /api/user exposes every §5 field, with either credential', async () => {
    const user = await createUser(t.db, { feePercentage: '7.50', features: { beta_dashboard: true } });
    const bearer = await loginWithToken(t.server, user.email, user.plainPassword);
    const session = await loginWithSession(t.server, user.email, user.plainPassword);
    const viaToken = await request(t.server).get('/api/user').set(bearer.headers).expect(200);
    const viaSession = await request(t.server).get('/api/user').set(session.headers).expect(200);
    expect(viaToken.body.success).toBe(true);
    expect(viaToken.body.errors_message).toBeNull();
    const data = viaToken.body.data;
    for (const field of USER_FIELDS) expect(data).toHaveProperty(field);
    expect(data).toMatchObject({
      id: user.id,
      email: user.email,
      first_name: 'Test',
      last_name: user.lastName,
      birth_date: '1990-01-01',
      email_verified_at: null,
      roles: ['creator'],
      two_factor_enabled: false,
      currency: { id: user.currencyId, code: 'USD' },
      fee_percentage: 7.5,
      master_id: null,
      payout: {
        currency: { id: user.currencyId, code: 'USD' },
        bank_name: null,
        account_holder: null,
        account_number: null,
      },
      adult_content: { enabled: false, blur_previews: true },
      features: { beta_dashboard: true },
      social_accounts: [],
    });
    expect(viaSession.body.data).toEqual(data);
  });
});
