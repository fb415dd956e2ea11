import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registrationBody, STRONG_PASSWORD } from '../../factories/registration.factory';
import { JSON_ACCEPT } from '../../utils/api';
import { loginWithSession, loginWithToken, startBrowserSession } from '../../utils/auth-helpers';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

/** The user resource of the core alone: §5 without the products' fields. */
const CORE_USER_FIELDS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'birth_date',
  'email_verified_at',
  'roles',
  'two_factor_enabled',
  'two_factor_recovery_codes_remaining',
  'features',
  'social_accounts',
  'avatar_url',
  'created_at',
];

/** A few routes of each example product, each of which the full app serves. */
const EXAMPLE_ROUTES: [string, string][] = [
  ['get', '/tracks'],
  ['post', '/tracks'],
  ['get', '/search?q=casey'],
  ['get', '/purchases'],
  ['get', '/beat-requests'],
  ['get', '/messaging/conversations'],
  ['get', '/producer-intelligence/dashboard'],
  ['get', '/api/products'],
  ['get', '/api/consent-tags'],
  ['get', '/api/wallet/summary'],
  ['get', '/api/affiliate/summary'],
  ['get', '/api/dashboard/summary'],
];

describe('the core without the example products: AppModule.forRoot(…, { examples: [] })', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The run's database has every table (the global setup migrates the full app); this app only
    // knows the core's.
    t = await createTestApp({}, { examples: [] });
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  it('registers over the API with the core fields only; product fields are ignored, not checked', async () => {
    const res = await request(t.server)
      .post('/api/register')
      .set(JSON_ACCEPT)
      .send(registrationBody({ fee_percentage: 'abc', master_id: 999999, invite_code: 'NOSUCHCODE' }));
    expect(res.status).toBe(201);
    const { user, token } = res.body.data;
    expect(Object.keys(user)).toEqual(CORE_USER_FIELDS);
    expect(user.roles).toEqual(['creator']);
    const me = await request(t.server)
      .get('/api/user')
      .set({ Authorization: `Bearer ${token}`, ...JSON_ACCEPT })
      .expect(200);
    expect(me.body.data).toEqual(user);
  });

  it('keeps the core rules: a taken email and an age under 18 are 422s', async () => {
    const body = registrationBody();
    await request(t.server).post('/api/register').set(JSON_ACCEPT).send(body).expect(201);
    const again = await request(t.server)
      .post('/api/register')
      .set(JSON_ACCEPT)
      .send({ ...body, birth_date: '2020-01-01' });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual({
      email: ['The email has already been taken.'],
      birth_date: ['You must be at least 18 years old to register.'],
    });
  });

  it('registers through the SPA, then signs in with a cookie session and with a bearer token', async () => {
    const anon = await startBrowserSession(t.server);
    const body = registrationBody({ account_type: 'producer' });
    const registered = await request(t.server).post('/register').set(anon.headers).send(body).expect(201);
    expect(Object.keys(registered.body)).toEqual(CORE_USER_FIELDS);
    expect(registered.body.roles).toEqual(['producer']);

    const session = await loginWithSession(t.server, body.email as string, STRONG_PASSWORD);
    const viaSession = await request(t.server).get('/api/user').set(session.headers).expect(200);
    const bearer = await loginWithToken(t.server, body.email as string, STRONG_PASSWORD);
    const viaToken = await request(t.server).get('/api/user').set(bearer.headers).expect(200);
    expect(viaSession.body.data).toEqual(registered.body);
    expect(viaToken.body.data).toEqual(registered.body);
  });

  it('updates the names in the profile; product settings are ignored', async () => {
    const { headers } = await signUp();
    const res = await request(t.server)
      .put('/api/user/profile')
      .set(headers)
      .send({ first_name: 'Core', adult_content: 'not even an object', payout: { account_number: '!' } })
      .expect(200);
    expect(res.body.data.first_name).toBe('Core');
    expect(Object.keys(res.body.data)).toEqual(CORE_USER_FIELDS);
  });

  it.each(EXAMPLE_ROUTES)('%s %s → 404', async (method, path) => {
    const { headers } = await signUp();
    await request(t.server)[method as 'get' | 'post'](path).set(headers).expect(404);
  });

  it('the full app, booted beside it in the same process, serves those routes', async () => {
    const full = await createTestApp();
    try {
      const res = await request(full.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody());
      const headers = { Authorization: `Bearer ${res.body.data.token}`, ...JSON_ACCEPT };
      for (const [method, path] of EXAMPLE_ROUTES) {
        const answer = await request(full.server)[method as 'get' | 'post'](path).set(headers);
        expect([method, path, answer.status]).not.toEqual([method, path, 404]);
      }
    } finally {
      await full.close();
    }
  });

  it('documents the core only: no product routes, fields or schemas', async () => {
    const doc = (await request(t.server).get('/docs/json').expect(200)).body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const { schemas } = doc.components;
    expect(Object.keys(schemas.UserResponseDto.properties)).toEqual(CORE_USER_FIELDS);
    expect(Object.keys(schemas.UpdateProfileDto.properties)).toEqual(['first_name', 'last_name']);
    for (const dto of ['SpaRegisterDto', 'ApiRegisterDto']) {
      expect(Object.keys(schemas[dto].properties)).not.toContain('currency_id');
    }
    for (const name of ['CurrencyDto', 'PayoutDto', 'ProductDto', 'TrackDto'])
      expect(schemas[name]).toBeUndefined();
    const productPaths = Object.keys(doc.paths).filter((p) =>
      /^\/(tracks|artists|search|api\/products)\b/.test(p),
    );
    expect(productPaths).toEqual([]);
  });

  /** A fresh account with a bearer token. */
  async function signUp(): Promise<{ headers: Record<string, string> }> {
    const res = await request(t.server)
      .post('/api/register')
      .set(JSON_ACCEPT)
      .send(registrationBody())
      .expect(201);
    return { headers: { Authorization: `Bearer ${res.body.data.token}`, ...JSON_ACCEPT } };
  }
});
