import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { BeatRequest } from '../../../src/examples/beatpass/beat-requests/beat-request.entity';
import { Track } from '../../../src/examples/beatpass/tracks/track.entity';
import { Role } from '../../../src/common/auth/role.enum';
import { Product } from '../../../src/examples/fangate/products/product.entity';
import { createProduct, createTrack } from '../../factories/resources.factory';
import { registrationBody } from '../../factories/registration.factory';
import { expectApiError, expectBareError, JSON_ACCEPT } from '../../utils/api';
import { startBrowserSession } from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { signIn } from '../../utils/role-helpers';
import { createTestApp, resetDatabase, type TestApp } from '../../utils/test-app';

/** Regressions of the 500s an outside fuzz run found (docs/http-contract.md §1: bad input is 4xx JSON, never 500). */
describe('hostile input: 400/422 JSON, never a 500', () => {
  let t: TestApp;
  let audit: ReturnType<typeof auditResponses>;
  beforeAll(async () => {
    t = await createTestApp({ IP_RATE_LIMIT: '1000' });
    audit = auditResponses(t.server);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    audit.assertClean();
    await resetDatabase(t.db);
  });

  const api = () => request(t.server);
  /** Bytes as they are: superagent would write a Buffer as JSON under a JSON Content-Type. */
  const raw = (b: unknown) => b as string;
  const users = async () => Number((await t.db.query('SELECT count(*) AS n FROM users'))[0].n);

  describe('a body that does not decompress under its Content-Encoding', () => {
    const UNDECODABLE = 'The request body could not be decompressed.';

    it.each([
      ['gzip', Buffer.from('x')],
      ['gzip', gzipSync('{"email":"a@example.com"}').subarray(0, 12)],
      ['deflate', Buffer.from('not deflate at all')],
      ['br', Buffer.from([0, 1, 2, 3])],
    ])('%s with invalid data → 400 envelope on /api', async (encoding, data) => {
      const res = await api()
        .post('/api/login')
        .set({ ...JSON_ACCEPT, 'Content-Type': 'application/json', 'Content-Encoding': encoding })
        .serialize(raw)
        .send(data);
      expectApiError(res, 400, UNDECODABLE);
    });

    it('→ 400 bare body on the other routes, GET and write routes alike', async () => {
      const s = await startBrowserSession(t.server);
      const login = await api()
        .post('/login')
        .set({ ...s.headers, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .serialize(raw)
        .send(Buffer.from('x'));
      expectBareError(login, 400, UNDECODABLE);
      const get = await api()
        .get('/tracks')
        .set({ ...JSON_ACCEPT, 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' })
        .serialize(raw)
        .send(Buffer.from('x'));
      expectBareError(get, 400, UNDECODABLE);
    });

    it('still reads a body that does decompress', async () => {
      const body = JSON.stringify(registrationBody());
      for (const [encoding, data] of [
        ['gzip', gzipSync(body)],
        ['deflate', deflateSync(body)],
        ['br', brotliCompressSync(body)],
      ] as const) {
        await resetDatabase(t.db);
        const res = await api()
          .post('/api/register')
          .set({ ...JSON_ACCEPT, 'Content-Type': 'application/json', 'Content-Encoding': encoding })
          .serialize(raw)
          .send(data);
        expect(res.status).toBe(201);
      }
    });
  });

  describe('JSON nested thousands of levels deep', () => {
    const TOO_DEEP = 'The request body is nested too deeply.';
    const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

    it.each([
      ['2,000 nested arrays as the body', arrays(2000)],
      ['2,000 nested objects as the body', objects(2000)],
      ['20,000 nested arrays as the body', arrays(20000)],
      ['2,000 nested arrays in a field', `{"email":${arrays(2000)},"password":"x"}`],
      ['2,000 nested objects in a field', `{"email":"a@example.com","password":${objects(2000)}}`],
    ])('%s → 400 on /api/login', async (_what, body) => {
      const res = await api().post('/api/login').set(JSON_ACCEPT).type('json').send(body);
      expectApiError(res, 400, TOO_DEEP);
    });

    it('→ 400 on a bare route, before the session and CSRF checks', async () => {
      const s = await startBrowserSession(t.server);
      const res = await api().post('/register').set(s.headers).type('json').send(arrays(2000));
      expectBareError(res, 400, TOO_DEEP);
    });

    it('→ 400 for a multipart field name nested as deep (a[a][a]…)', async () => {
      const res = await api()
        .post('/api/register')
        .set(JSON_ACCEPT)
        .field(`first_name${'[a]'.repeat(2000)}`, 'x')
        .field('email', 'deep@example.com');
      expect([400, 422]).toContain(res.status);
      expect(res.body).toMatchObject({ success: false, data: null });
      expect(await users()).toBe(0);
    });

    it('leaves the usual nesting alone: 32 levels pass, 33 do not', async () => {
      const res = await api()
        .post('/api/login/batch')
        .set(JSON_ACCEPT)
        .send({ accounts: [{ email: 'nobody@example.com', password: 'x' }] });
      expect(res.status).toBe(200);
      // 31 levels in all: a validation error on the field, not the depth limit.
      const nested = await api()
        .post('/api/user/password/reset')
        .set(JSON_ACCEPT)
        .type('json')
        .send(`{"email":${arrays(30)}}`);
      expect(nested.status).toBe(422);
      expect(nested.body.errors.email).toEqual(['The email field must be a string.']);
      const deeper = await api()
        .post('/api/user/password/reset')
        .set(JSON_ACCEPT)
        .type('json')
        .send(`{"email":${arrays(32)}}`);
      expectApiError(deeper, 400, TOO_DEEP);
    });
  });

  describe('a lone surrogate in an email', () => {
    const INVALID = ['The email field must be a valid email address.'];
    const emails = ['\ud800@example.com', 'a\udfff@example.com', 'x@\ud800.com'];

    it.each(emails)('POST /api/register %j → 422 errors.email', async (email) => {
      const res = await api().post('/api/register').set(JSON_ACCEPT).send(registrationBody({ email }));
      expect(res.status).toBe(422);
      expect(res.body.errors.email).toEqual(INVALID);
      expect(await users()).toBe(0);
    });

    it('POST /register → 422 errors.email', async () => {
      const s = await startBrowserSession(t.server);
      const res = await api()
        .post('/register')
        .set(s.headers)
        .send(registrationBody({ email: emails[0] }));
      expectBareError(res, 422, INVALID[0], { email: INVALID });
    });

    it.each([
      ['/api/user/email/verify', {}],
      ['/api/user/password/reset', {}],
      [
        '/api/user/password/reset/confirm',
        { token: 'x'.repeat(40), password: 'Lantern-Quarry-42', password_confirmation: 'Lantern-Quarry-42' },
      ],
    ])('POST %s → 422 errors.email', async (path, rest) => {
      const res = await api()
        .post(path)
        .set(JSON_ACCEPT)
        .send({ email: emails[0], ...rest });
      expect(res.status).toBe(422);
      expect(res.body.errors.email).toEqual(INVALID);
    });

    it('a well-formed astral character (a surrogate pair) is judged as an address, not rejected as text', async () => {
      const res = await api()
        .post('/api/user/password/reset')
        .set(JSON_ACCEPT)
        .send({ email: '💩@example.com' });
      expect(res.status).not.toBe(500);
    });
  });

  describe('a number in exponent notation where at most two decimals are allowed', () => {
    // class-validator's IsNumber({ maxDecimalPlaces }) split `String(1e-7)` on '.' and threw.
    it.each([1e-7, 1e-23, 1.5e-7])(
      'PUT /tracks/{id} {"price": %p} → 422, the track unchanged',
      async (price) => {
        const producer = await signIn(t, [Role.Producer]);
        const track = await createTrack(t.db, producer.user, { price: '9.90' });
        const res = await api().put(`/tracks/${track.id}`).set(producer.headers).send({ price });
        expectBareError(res, 422, 'The price field must be a number.', {
          price: ['The price field must be a number.'],
        });
        expect((await t.db.getRepository(Track).findOneByOrFail({ id: track.id })).price).toBe('9.90');
      },
    );

    it('POST /api/register {"fee_percentage": 1e-7} → 422; 25e-1 (2.5) still passes', async () => {
      const bad = await api()
        .post('/api/register')
        .set(JSON_ACCEPT)
        .send(registrationBody({ fee_percentage: 1e-7 }));
      expect(bad.status).toBe(422);
      expect(bad.body.errors.fee_percentage).toEqual(['The fee percentage field must be a number.']);
      const good = await api()
        .post('/api/register')
        .set(JSON_ACCEPT)
        .type('json')
        .send(JSON.stringify(registrationBody({ fee_percentage: 2.5 })).replace('2.5', '25e-1'));
      expect(good.status).toBe(201);
    });
  });

  describe('null in an optional number or enum', () => {
    it('PUT /tracks/{id} {"price": null} → 422, the track unchanged', async () => {
      const producer = await signIn(t, [Role.Producer]);
      const track = await createTrack(t.db, producer.user, { price: '9.90' });
      const res = await api().put(`/tracks/${track.id}`).set(producer.headers).send({ price: null });
      expectBareError(res, 422, 'The price field must be a number.', {
        price: ['The price field must be a number.'],
      });
      expect((await t.db.getRepository(Track).findOneByOrFail({ id: track.id })).price).toBe('9.90');
    });

    it('PUT /tracks/{id} {"title": null} still counts as absent (OptionalString)', async () => {
      const producer = await signIn(t, [Role.Producer]);
      const track = await createTrack(t.db, producer.user, { title: 'Kept' });
      const res = await api()
        .put(`/tracks/${track.id}`)
        .set(producer.headers)
        .send({ title: null, price: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'Kept', price: 1 });
    });

    it('POST /beat-requests {"title": "x", "budget": null} → 422, nothing stored', async () => {
      const listener = await signIn(t, [Role.Listener]);
      const res = await api().post('/beat-requests').set(listener.headers).send({ title: 'x', budget: null });
      expectBareError(res, 422, 'The budget field must be a number.', {
        budget: ['The budget field must be a number.'],
      });
      expect(await t.db.getRepository(BeatRequest).count()).toBe(0);
    });

    it.each([
      [{ price: null }, 'price', 'The price field must be a number.'],
      [{ status: null }, 'status', 'The selected status is invalid.'],
      [{ title: 'New', price: null, status: null }, 'price', 'The price field must be a number.'],
    ])('PUT /api/products/{id} %j → 422', async (body, field, message) => {
      const creator = await signIn(t, [Role.Creator], 'token');
      const product = await createProduct(t.db, creator.user, { price: '5.00', status: 'draft' });
      const res = await api().put(`/api/products/${product.id}`).set(creator.headers).send(body);
      expect(res.status).toBe(422);
      expect(res.body.errors[field]).toEqual([message]);
      expect(res.body).toMatchObject({ success: false, data: null });
      const row = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
      expect(row).toMatchObject({ title: 'A product', price: '5.00', status: 'draft' });
    });

    it('POST /api/products with a null price or status → 422, nothing stored', async () => {
      const creator = await signIn(t, [Role.Creator], 'token');
      const res = await api()
        .post('/api/products')
        .set(creator.headers)
        .send({ title: 'x', price: null, status: null });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors).sort()).toEqual(['price', 'status']);
      expect(await t.db.getRepository(Product).count()).toBe(0);
    });

    it('PUT /api/user/profile with a null nested object or flag → 422 on that field', async () => {
      const user = await signIn(t, [Role.Creator], 'token');
      const whole = await api().put('/api/user/profile').set(user.headers).send({ adult_content: null });
      expect(whole.status).toBe(422);
      expect(whole.body.errors.adult_content).toEqual(['The adult content field must be an object.']);
      const flag = await api()
        .put('/api/user/profile')
        .set(user.headers)
        .send({ adult_content: { enabled: null } });
      expect(flag.status).toBe(422);
      expect(flag.body.errors['adult_content.enabled']).toEqual(['The enabled field must be true or false.']);
    });
  });

  describe('a body of a type the API does not read', () => {
    const UNREAD = 'The request body must be JSON, a URL-encoded form or a multipart form.';

    it.each([
      ['text/plain', '{"first_name":"Mallory"}'],
      ['application/xml', '<first_name>Mallory</first_name>'],
      ['application/octet-stream', 'x'],
    ])('%s → 415 JSON, and nothing changes', async (type, body) => {
      const { headers, user } = await signIn(t, [Role.Creator], 'token');
      const res = await api().put('/api/user/profile').set(headers).set('Content-Type', type).send(body);
      expectApiError(res, 415, UNREAD);
      const me = await api().get('/api/user').set(headers).expect(200);
      expect(me.body.data.first_name).toBe(user.firstName);
    });

    it('the bare family answers 415 too, and an empty body of any type is fine', async () => {
      const browser = await startBrowserSession(t.server);
      expectBareError(
        await api().post('/login').set(browser.headers).set('Content-Type', 'text/plain').send('x'),
        415,
        UNREAD,
      );
      await api().post('/logout').set(browser.headers).set('Content-Type', 'text/plain').expect(204);
    });
  });
});
