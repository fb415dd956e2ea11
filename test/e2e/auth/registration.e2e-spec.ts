import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registrationBody, STRONG_PASSWORD } from '../../factories/registration.factory';
import { createUser } from '../../factories/users.factory';
import { expectBareError, JSON_ACCEPT, registerViaApi, row } from '../../utils/api';
import { absorb, startBrowserSession } from '../../utils/auth-helpers';
import { auditResponses, expectNoLeaks } from '../../utils/response-audit';
import { FIRST_PARTY, useTestApp } from '../../utils/test-app';

const TOKEN = /^\d+\|[A-Za-z0-9]{40}[0-9a-f]{8}$/;

describe('registration: POST /register and POST /api/register (contract §5)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  const currencyId = async (code: string): Promise<number> =>
    (await row<{ id: number }>(t.db, 'SELECT id FROM currencies WHERE code = $1', [code]))!.id;
  // The user with Fangate's side of the account (its own table since Fangate is a module of its own).
  const userRow = (email: string) =>
    row<Record<string, unknown>>(
      t.db,
      'SELECT * FROM users u JOIN fangate_accounts f ON f.user_id = u.id WHERE lower(u.email) = lower($1)',
      [email],
    );

  describe('SPA: POST /register', () => {
    it('refuses a registration without the CSRF token (419) and creates nothing', async () => {
      const s = await startBrowserSession(t.server);
      const body = registrationBody();
      const res = await request(t.server)
        .post('/register')
        .set({ Cookie: s.cookie, Referer: `${FIRST_PARTY}/` })
        .send(body);
      expectBareError(res, 419, 'CSRF token mismatch.');
      expect(await userRow(body.email as string)).toBeUndefined();
    });

    it('refuses a password confirmation that does not match (422)', async () => {
      const s = await startBrowserSession(t.server);
      const body = registrationBody({ password_confirmation: 'Something-Else-77' });
      const res = await request(t.server).post('/register').set(s.headers).send(body);
      expect(res.status).toBe(422);
      expect(res.body.message).toBe('The password field confirmation does not match.');
      expect(Object.values(res.body.errors).flat()).toEqual([
        'The password field confirmation does not match.',
      ]);
      expect(await userRow(body.email as string)).toBeUndefined();
    });

    it('refuses account_type creator on the SPA route (422)', async () => {
      const s = await startBrowserSession(t.server);
      const res = await request(t.server)
        .post('/register')
        .set(s.headers)
        .send(registrationBody({ account_type: 'creator' }));
      expectBareError(res, 422, 'The selected account type is invalid.', {
        account_type: ['The selected account type is invalid.'],
      });
    });

    it.each([
      ['producer', 'producer'],
      ['listener', 'listener'],
      [undefined, 'listener'],
    ])('account_type %s → 201, role %s, and the session is authenticated', async (accountType, role) => {
      const s = await startBrowserSession(t.server);
      const body = registrationBody(accountType ? { account_type: accountType } : {});
      const res = await request(t.server).post('/register').set(s.headers).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email: body.email, roles: [role], first_name: 'Casey' });
      expect(res.body).not.toHaveProperty('success');
      expectNoLeaks(res, [STRONG_PASSWORD]);

      const authed = absorb(s, res);
      const me = await request(t.server).get('/api/user').set(authed.headers).expect(200);
      expect(me.body.data).toMatchObject({ id: res.body.id, roles: [role] });
      const stored = await userRow(body.email as string);
      expect(stored).toMatchObject({ roles: [role] });
      expect(stored!.password).toMatch(/^\$2[aby]\$/);
      const sessions = await t.db.query('SELECT user_id FROM sessions');
      expect(sessions).toEqual([{ user_id: res.body.id }]);
    });
  });

  describe('API: POST /api/register', () => {
    const expectCreated = async (res: request.Response, email: string) => {
      expect(res.status).toBe(201);
      expect(res.body.success).toBe(true);
      expect(res.body.errors_message).toBeNull();
      expect(res.body.data.user).toMatchObject({ email, roles: ['creator'], first_name: 'Casey' });
      expect(res.body.data.token).toMatch(TOKEN);
      expectNoLeaks(res, [STRONG_PASSWORD]);
      const me = await request(t.server)
        .get('/api/user')
        .set({ Authorization: `Bearer ${res.body.data.token}`, ...JSON_ACCEPT })
        .expect(200);
      expect(me.body.data.id).toBe(res.body.data.user.id);
      expect(await userRow(email)).toMatchObject({ roles: ['creator'] });
    };

    it('accepts JSON', async () => {
      const body = registrationBody();
      const res = await request(t.server).post('/api/register').set(JSON_ACCEPT).send(body);
      await expectCreated(res, body.email as string);
    });

    it('accepts an urlencoded form', async () => {
      const body = registrationBody({ fee_percentage: '2.5' });
      const res = await request(t.server).post('/api/register').set(JSON_ACCEPT).type('form').send(body);
      await expectCreated(res, body.email as string);
      expect(res.body.data.user.fee_percentage).toBe(2.5);
    });

    it('accepts multipart form data (curl -F)', async () => {
      const body = registrationBody({ fee_percentage: '3', account_type: 'creator' });
      let req = request(t.server).post('/api/register').set(JSON_ACCEPT);
      for (const [k, v] of Object.entries(body)) req = req.field(k, String(v));
      const res = await req;
      await expectCreated(res, body.email as string);
      expect(res.body.data.user.fee_percentage).toBe(3);
    });

    it('works without a password confirmation, and with a matching one', async () => {
      const { password_confirmation: _drop, ...without } = registrationBody();
      await request(t.server).post('/api/register').send(without).expect(201);
      await request(t.server).post('/api/register').send(registrationBody()).expect(201);
    });

    it('provisions the payout account in the default currency and an invite code', async () => {
      const { user } = await registerViaApi(t.server);
      const usd = await currencyId('USD');
      expect(user.currency).toEqual({ id: usd, code: 'USD' });
      expect(user.payout).toMatchObject({ currency: { id: usd, code: 'USD' }, account_number: null });
      expect(user.invite_code).toMatch(/^[A-Z2-9]{10}$/);
      expect(
        await row(t.db, 'SELECT currency_id FROM payout_accounts WHERE user_id = $1', [user.id]),
      ).toEqual({
        currency_id: usd,
      });
      expect(await row(t.db, 'SELECT code FROM invite_codes WHERE affiliate_id = $1', [user.id])).toEqual({
        code: user.invite_code,
      });
    });

    it('stores an explicit currency_id and fee_percentage 10', async () => {
      const eur = await currencyId('EUR');
      const { user } = await registerViaApi(t.server, { currency_id: eur, fee_percentage: 10 });
      expect(user).toMatchObject({ currency: { id: eur, code: 'EUR' }, fee_percentage: 10 });
      expect(await userRow(user.email)).toMatchObject({ currency_id: eur, fee_percentage: '10.00' });
    });

    it('an invite code records the referral and inherits the affiliate currency', async () => {
      const gbp = await currencyId('GBP');
      const affiliate = await registerViaApi(t.server, { currency_id: gbp });
      const code = affiliate.user.invite_code as string;
      const { user } = await registerViaApi(t.server, { invite_code: code.toLowerCase() });
      expect(user).toMatchObject({
        referred_by_id: affiliate.user.id,
        master_id: null,
        currency: { code: 'GBP' },
      });
      expect(await userRow(user.email)).toMatchObject({
        referred_by_id: affiliate.user.id,
        currency_id: gbp,
      });
      expect(
        await row(t.db, 'SELECT currency_id FROM payout_accounts WHERE user_id = $1', [user.id]),
      ).toEqual({
        currency_id: gbp,
      });
    });

    it('a master_id links the account and inherits the master currency', async () => {
      const master = await createUser(t.db, { currencyId: await currencyId('CAD') });
      const { user } = await registerViaApi(t.server, { master_id: master.id });
      expect(user).toMatchObject({ master_id: master.id, referred_by_id: null, currency: { code: 'CAD' } });
      expect(await userRow(user.email)).toMatchObject({
        master_id: master.id,
        currency_id: master.currencyId,
      });
    });

    it('an explicit currency_id wins over the derived one', async () => {
      const master = await createUser(t.db, { currencyId: await currencyId('CAD') });
      const jpy = await currencyId('JPY');
      const { user } = await registerViaApi(t.server, { master_id: master.id, currency_id: jpy });
      expect(user.currency).toEqual({ id: jpy, code: 'JPY' });
    });
  });
});
