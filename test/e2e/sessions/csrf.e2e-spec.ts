import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { expectApiError, expectBareError } from '../../utils/api';
import {
  absorb,
  cookiesOf,
  loginWithSession,
  setCookieHeader,
  startBrowserSession,
} from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { FIRST_PARTY, FOREIGN, useTestApp } from '../../utils/test-app';

const CSRF = 'CSRF token mismatch.';

describe('CSRF cookie and session routes (contract §3)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  describe('closed doors', () => {
    it('refuses POST /login without any session (419), even with a made-up token', async () => {
      const user = await createUser(t.db);
      const res = await request(t.server)
        .post('/login')
        .set({ Referer: `${FIRST_PARTY}/`, 'X-XSRF-TOKEN': 'made-up' })
        .send({ email: user.email, password: user.plainPassword });
      expectBareError(res, 419, CSRF);
      expect(cookiesOf(res)).not.toHaveProperty('app_session');
    });

    it('refuses a cookie that names no stored session (419)', async () => {
      const res = await request(t.server)
        .post('/logout')
        .set({ Cookie: `app_session=${'A'.repeat(43)}`, Referer: `${FIRST_PARTY}/` });
      expectBareError(res, 419, CSRF);
    });

    it('refuses a session request without a token (419)', async () => {
      const user = await createUser(t.db);
      const s = await startBrowserSession(t.server);
      const res = await request(t.server)
        .post('/login')
        .set({ Cookie: s.cookie, Referer: `${FIRST_PARTY}/` })
        .send({ email: user.email, password: user.plainPassword });
      expectBareError(res, 419, CSRF);
    });

    it('refuses a wrong token, and the token of another session (419)', async () => {
      const user = await createUser(t.db);
      const [mine, other] = [await startBrowserSession(t.server), await startBrowserSession(t.server)];
      for (const token of [`${mine.xsrf}x`, other.xsrf, 'a'.repeat(300)]) {
        const res = await request(t.server)
          .post('/login')
          .set({ ...mine.headers, 'X-XSRF-TOKEN': token })
          .send({ email: user.email, password: user.plainPassword });
        expectBareError(res, 419, CSRF);
      }
    });

    it('refuses a valid token sent from a foreign Origin or Referer (419)', async () => {
      const user = await createUser(t.db);
      const s = await startBrowserSession(t.server);
      const foreign: Record<string, string>[] = [
        { Origin: FOREIGN },
        { Referer: `${FOREIGN}/login` },
        { Origin: FOREIGN, Referer: `${FOREIGN}/` },
      ];
      // `Origin: null` (a sandboxed frame, a file) names no stateful host either.
      foreign.push({ Origin: 'null' });
      for (const from of foreign) {
        const res = await request(t.server)
          .post('/login')
          .set({ Cookie: s.cookie, 'X-XSRF-TOKEN': s.xsrf, ...from })
          .send({ email: user.email, password: user.plainPassword });
        expectBareError(res, 419, CSRF);
      }
      expect((await t.db.query('SELECT user_id FROM sessions'))[0].user_id).toBeNull();
    });

    it('ignores the session cookie on GET /api/user from a foreign or unnamed origin (401)', async () => {
      const user = await createUser(t.db);
      const s = await loginWithSession(t.server, user.email, user.plainPassword);
      const attempts = [{}, { Origin: FOREIGN }, { Referer: `${FOREIGN}/page` }];
      for (const from of attempts) {
        const res = await request(t.server)
          .get('/api/user')
          .set({ Cookie: s.cookie, ...from });
        expectApiError(res, 401, 'Unauthenticated.');
        expect(setCookieHeader(res, 'XSRF-TOKEN')).toBeUndefined();
      }
      await request(t.server).get('/api/user').set(s.headers).expect(200);
    });

    it('requires the token on unsafe first-party requests to other routes (419)', async () => {
      const user = await createUser(t.db);
      const s = await loginWithSession(t.server, user.email, user.plainPassword);
      const { 'X-XSRF-TOKEN': _omit, ...noToken } = s.headers;
      const res = await request(t.server)
        .put('/api/user/profile')
        .set(noToken)
        .send({ first_name: 'Mallory' });
      expectApiError(res, 419, CSRF);
      await request(t.server)
        .put('/api/user/profile')
        .set(s.headers)
        .send({ first_name: 'Alice' })
        .expect(200);
      expect((await t.db.query('SELECT first_name FROM users WHERE id = $1', [user.id]))[0].first_name).toBe(
        'Alice',
      );
    });
  });

  it('GET /sanctum/csrf-cookie → 204, no body, session and XSRF-TOKEN cookies', async () => {
    const res = await request(t.server).get('/sanctum/csrf-cookie').set('Referer', `${FIRST_PARTY}/`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const session = setCookieHeader(res, 'app_session')!;
    const xsrf = setCookieHeader(res, 'XSRF-TOKEN')!;
    expect(session).toMatch(/^app_session=[A-Za-z0-9_-]{43}; /);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).not.toMatch(/; Secure/i);
    expect(xsrf).not.toMatch(/HttpOnly/i);
    expect(xsrf).toMatch(/; SameSite=Lax/i);
    expect(xsrf).toMatch(/; Path=\/(;|$)/);
    const value = cookiesOf(res)['XSRF-TOKEN'];
    expect(value.length).toBeGreaterThan(20);
    expect(encodeURIComponent(decodeURIComponent(value))).toBe(value);
    // Only the SHA-256 of the id is stored.
    const sessionId = cookiesOf(res).app_session;
    const rows = await t.db.query('SELECT * FROM sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0].user_id).toBeNull();
    expect(JSON.stringify(rows)).not.toContain(sessionId);
  });

  it('keeps an existing session on a second GET /sanctum/csrf-cookie', async () => {
    const s = await startBrowserSession(t.server);
    const res = await request(t.server)
      .get('/sanctum/csrf-cookie')
      .set({ Cookie: s.cookie, Referer: `${FIRST_PARTY}/` });
    expect(res.status).toBe(204);
    expect(cookiesOf(res).app_session).toBeUndefined();
    expect(cookiesOf(res)['XSRF-TOKEN']).toBeDefined();
    expect(await t.db.query('SELECT id FROM sessions')).toHaveLength(1);
  });

  it.each([
    ['X-XSRF-TOKEN header', (xsrf: string) => ({ headers: { 'X-XSRF-TOKEN': xsrf }, body: {} })],
    ['X-CSRF-TOKEN header', (xsrf: string) => ({ headers: { 'X-CSRF-TOKEN': xsrf }, body: {} })],
    ['_token body field', (xsrf: string) => ({ headers: {}, body: { _token: xsrf } })],
  ])('accepts the token in the %s', async (_how, channel) => {
    const user = await createUser(t.db);
    const s = await startBrowserSession(t.server);
    const { headers, body } = channel(s.xsrf);
    const res = await request(t.server)
      .post('/login')
      .set({ Cookie: s.cookie, Origin: FIRST_PARTY, Referer: `${FIRST_PARTY}/`, ...headers })
      .send({ email: user.email, password: user.plainPassword, ...body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ two_factor: false });
  });

  it('an empty X-XSRF-TOKEN does not hide a valid X-CSRF-TOKEN', async () => {
    const user = await createUser(t.db);
    const s = await startBrowserSession(t.server);
    await request(t.server)
      .post('/login')
      .set({ Cookie: s.cookie, Referer: `${FIRST_PARTY}/`, 'X-XSRF-TOKEN': '', 'X-CSRF-TOKEN': s.xsrf })
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
  });

  it('accepts the _token field of an urlencoded form', async () => {
    const user = await createUser(t.db);
    const s = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set({ Cookie: s.cookie, Referer: `${FIRST_PARTY}/` })
      .type('form')
      .send({ email: user.email, password: user.plainPassword, _token: s.xsrf });
    expect(res.status).toBe(200);
  });

  it('re-sends XSRF-TOKEN on every response that carries a session', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    const res = await request(t.server).get('/api/user').set(s.headers).expect(200);
    const xsrf = cookiesOf(res)['XSRF-TOKEN'];
    expect(xsrf).toBeDefined();
    expect(setCookieHeader(res, 'app_session')).toBeUndefined();
    // The re-sent token is valid for the same session.
    const next = absorb(s, res);
    await request(t.server)
      .put('/api/user/profile')
      .set(next.headers)
      .send({ last_name: 'Fresh' })
      .expect(200);
  });

  it('rotates the CSRF token with the session id at login', async () => {
    const user = await createUser(t.db);
    const anon = await startBrowserSession(t.server);
    const login = await request(t.server)
      .post('/login')
      .set(anon.headers)
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    const authed = absorb(anon, login);
    expect(authed.xsrf).not.toBe(anon.xsrf);
    const stale = await request(t.server)
      .post('/logout')
      .set({ ...authed.headers, 'X-XSRF-TOKEN': anon.xsrf });
    expectBareError(stale, 419, CSRF);
    await request(t.server).post('/logout').set(authed.headers).expect(204);
  });
});
