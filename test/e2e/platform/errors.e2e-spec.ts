import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registrationBody } from '../../factories/registration.factory';
import { expectApiError, expectBareError, JSON_ACCEPT } from '../../utils/api';
import { startBrowserSession } from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { FIRST_PARTY, type TestApp, useTestApp } from '../../utils/test-app';

const MALFORMED = 'Malformed JSON in request body.';
const TOO_LARGE = 'The request body is too large.';
const userCount = async (t: TestApp) => Number((await t.db.query('SELECT count(*) AS n FROM users'))[0].n);

describe('error rendering: JSON bodies in both families, never a 500 (contract §1)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  it('401 on an /api route is the envelope; on another route the bare {message}', async () => {
    expectApiError(await request(t.server).get('/api/user').set(JSON_ACCEPT), 401, 'Unauthenticated.');
    const bare = await request(t.server).get('/user/confirmed-password-status').set(JSON_ACCEPT);
    expect(bare.body).toEqual({ message: 'Unauthenticated.' });
    expect(bare.status).toBe(401);
  });

  it('malformed JSON → 400 JSON (envelope on /api, bare elsewhere)', async () => {
    const api = await request(t.server)
      .post('/api/register')
      .set(JSON_ACCEPT)
      .type('json')
      .send('{"email": ');
    expectApiError(api, 400, MALFORMED);
    const s = await startBrowserSession(t.server);
    const spa = await request(t.server).post('/login').set(s.headers).type('json').send("{'email':1}");
    expectBareError(spa, 400, MALFORMED);
  });

  it('a body over the default 100kb limit → 413 JSON', async () => {
    const body = registrationBody({ first_name: 'x'.repeat(120 * 1024) });
    expectApiError(await request(t.server).post('/api/register').set(JSON_ACCEPT).send(body), 413, TOO_LARGE);
    expect(await userCount(t)).toBe(0);
  });

  it('an unsupported Content-Encoding → 415 JSON', async () => {
    const res = await request(t.server)
      .post('/api/login')
      .set({ ...JSON_ACCEPT, 'Content-Type': 'application/json', 'Content-Encoding': 'x-unknown' })
      .send('{}');
    expectApiError(res, 415, 'Unsupported request body encoding.');
  });

  it('an unexpected file in a multipart registration → 400 JSON', async () => {
    const res = await request(t.server)
      .post('/api/register')
      .set(JSON_ACCEPT)
      .field('email', 'file@example.com')
      .attach('avatar', Buffer.from('GIF89a'), 'a.gif');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, data: null });
    expect(typeof res.body.message).toBe('string');
    expect(await userCount(t)).toBe(0);
  });

  it('an unknown route → 404 JSON (envelope on /api, bare elsewhere)', async () => {
    const api = await request(t.server).get('/api/no-such-thing').set(JSON_ACCEPT);
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ success: false, data: null });
    expect(api.body.message).toBe(api.body.errors_message);
    const bare = await request(t.server).get('/no-such-thing').set(JSON_ACCEPT);
    expect(bare.status).toBe(404);
    expect(bare.headers['content-type']).toMatch(/application\/json/);
    expect(Object.keys(bare.body)).toEqual(['message']);
  });

  it('an unknown method on a known path → 404 JSON', async () => {
    const res = await request(t.server).delete('/api/user').set(JSON_ACCEPT);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, data: null });
  });

  it('a 419 on a session route is bare JSON, not HTML', async () => {
    const res = await request(t.server).post('/logout').set('Referer', `${FIRST_PARTY}/`);
    expectBareError(res, 419, 'CSRF token mismatch.');
  });

  it('keeps its security headers and hides the framework', async () => {
    const res = await request(t.server).get('/api/health').expect(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: { status: 'ok' } });
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('error rendering with BODY_LIMIT=1kb', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp({ BODY_LIMIT: '1kb' });
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  it('refuses a 2kb JSON body with 413', async () => {
    const body = registrationBody({ last_name: 'y'.repeat(2048) });
    expectApiError(await request(t.server).post('/api/register').set(JSON_ACCEPT).send(body), 413, TOO_LARGE);
    expect(await userCount(t)).toBe(0);
  });

  it('refuses a 2kb urlencoded body with 413', async () => {
    const body = registrationBody({ last_name: 'y'.repeat(2048) });
    const res = await request(t.server).post('/api/register').set(JSON_ACCEPT).type('form').send(body);
    expectApiError(res, 413, TOO_LARGE);
  });

  it('still accepts a normal registration', async () => {
    await request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody()).expect(201);
    expect(await userCount(t)).toBe(1);
  });
});
