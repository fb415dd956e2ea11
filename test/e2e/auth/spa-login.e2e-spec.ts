import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError, expectBareError } from '../../utils/api';
import {
  absorb,
  cookiesOf,
  loginWithSession,
  sessionIdOf,
  setCookieHeader,
  startBrowserSession,
} from '../../utils/auth-helpers';
import { auditResponses, expectNoLeaks } from '../../utils/response-audit';
import { useTestApp } from '../../utils/test-app';

const INVALID = 'These credentials do not match our records.';
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

describe('SPA login and logout: POST /login, POST /logout (contract §3)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  const sessions = () => t.db.query('SELECT token_hash, user_id, remember FROM sessions');

  describe('closed doors', () => {
    it('answers the same 422 for an unknown email and a wrong password', async () => {
      const user = await createUser(t.db);
      const bodies = [];
      for (const credentials of [
        { email: 'nobody@example.com', password: user.plainPassword },
        { email: user.email, password: 'Wrong-Password-1' },
      ]) {
        const s = await startBrowserSession(t.server);
        const res = await request(t.server).post('/login').set(s.headers).send(credentials);
        expectBareError(res, 422, INVALID, { email: [INVALID] });
        bodies.push(res.text);
      }
      expect(bodies[0]).toBe(bodies[1]);
      expect((await sessions()).every((r: { user_id: unknown }) => r.user_id === null)).toBe(true);
    });

    it('answers 422 naming each missing field', async () => {
      const s = await startBrowserSession(t.server);
      const res = await request(t.server).post('/login').set(s.headers).send({});
      expectBareError(res, 422, 'The email field is required.', {
        email: ['The email field is required.'],
        password: ['The password field is required.'],
      });
      const onlyEmail = await request(t.server)
        .post('/login')
        .set(s.headers)
        .send({ email: 'a@example.com' });
      expectBareError(onlyEmail, 422, 'The password field is required.', {
        password: ['The password field is required.'],
      });
    });

    it('answers 422, not 500, for credentials of the wrong type', async () => {
      const s = await startBrowserSession(t.server);
      const res = await request(t.server)
        .post('/login')
        .set(s.headers)
        .send({ email: ['a@example.com'], password: { $ne: null } });
      expectBareError(res, 422, 'The email field must be a string.', {
        email: ['The email field must be a string.'],
        password: ['The password field must be a string.'],
      });
    });
  });

  it('logs in: 200 {two_factor:false}, the session id rotates and the old cookie is dead', async () => {
    const user = await createUser(t.db);
    const anon = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set(anon.headers)
      .send({ email: user.email, password: user.plainPassword });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ two_factor: false });
    const authed = absorb(anon, res);
    const [before, after] = [sessionIdOf(anon), sessionIdOf(authed)];
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after).not.toBe(before);
    expectNoLeaks(res, [before, after, user.password!]);

    const rows = await sessions();
    expect(rows).toEqual([{ token_hash: sha256(after), user_id: user.id, remember: false }]);

    const old = await request(t.server)
      .get('/api/user')
      .set({ ...anon.headers });
    expectApiError(old, 401, 'Unauthenticated.');
    const me = await request(t.server).get('/api/user').set(authed.headers).expect(200);
    expect(me.body.data).toMatchObject({ id: user.id, email: user.email });
  });

  it('matches the email case-insensitively', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email.toUpperCase(), user.plainPassword);
    const me = await request(t.server).get('/api/user').set(s.headers).expect(200);
    expect(me.body.data.id).toBe(user.id);
  });

  it('without remember: session cookies die with the browser (no Max-Age, no Expires)', async () => {
    const user = await createUser(t.db);
    const anon = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set(anon.headers)
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    for (const name of ['app_session', 'XSRF-TOKEN']) {
      const header = setCookieHeader(res, name)!;
      expect(header).toBeDefined();
      expect(header).not.toMatch(/Max-Age|Expires/i);
    }
  });

  it('with remember: true the cookies persist for the absolute lifetime', async () => {
    const user = await createUser(t.db);
    const anon = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set(anon.headers)
      .send({ email: user.email, password: user.plainPassword, remember: true })
      .expect(200);
    expect(setCookieHeader(res, 'app_session')).toMatch(/; Max-Age=2592000(;|$)/);
    expect(setCookieHeader(res, 'XSRF-TOKEN')).toMatch(/; Max-Age=2592000(;|$)/);
    expect((await sessions())[0].remember).toBe(true);
  });

  it('rejects a non-boolean remember with 422', async () => {
    const user = await createUser(t.db);
    const s = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set(s.headers)
      .send({ email: user.email, password: user.plainPassword, remember: 'forever' });
    expectBareError(res, 422, 'The remember field must be true or false.', {
      remember: ['The remember field must be true or false.'],
    });
  });

  it('logs out: 204, the old cookie no longer authenticates, a fresh anonymous session replaces it', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    const res = await request(t.server).post('/logout').set(s.headers);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const fresh = absorb(s, res);
    expect(cookiesOf(res).app_session).toBeDefined();
    expect(sessionIdOf(fresh)).not.toBe(sessionIdOf(s));
    expect(fresh.xsrf).toBeTruthy();
    expect(fresh.xsrf).not.toBe(s.xsrf);

    expectApiError(await request(t.server).get('/api/user').set(s.headers), 401, 'Unauthenticated.');
    expectApiError(await request(t.server).get('/api/user').set(fresh.headers), 401, 'Unauthenticated.');
    expect(await sessions()).toEqual([
      { token_hash: sha256(sessionIdOf(fresh)), user_id: null, remember: false },
    ]);

    // The fresh session and its token work for the next login.
    const again = await request(t.server)
      .post('/login')
      .set(fresh.headers)
      .send({ email: user.email, password: user.plainPassword });
    expect(again.status).toBe(200);
  });

  it('POST /api/logout on a session logs the session out (200 envelope)', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    const res = await request(t.server).post('/api/logout').set(s.headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: null });
    expectApiError(await request(t.server).get('/api/user').set(s.headers), 401, 'Unauthenticated.');
    expect((await sessions()).filter((r: { user_id: unknown }) => r.user_id !== null)).toEqual([]);
  });

  it('the login of one browser does not authenticate another browser', async () => {
    const [alice, bob] = [await createUser(t.db), await createUser(t.db)];
    const a = await loginWithSession(t.server, alice.email, alice.plainPassword);
    const b = await loginWithSession(t.server, bob.email, bob.plainPassword);
    const meA = await request(t.server).get('/api/user').set(a.headers).expect(200);
    const meB = await request(t.server).get('/api/user').set(b.headers).expect(200);
    expect([meA.body.data.id, meB.body.data.id]).toEqual([alice.id, bob.id]);
  });
});
