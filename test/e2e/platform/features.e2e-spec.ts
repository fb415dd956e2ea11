import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registrationBody } from '../../factories/registration.factory';
import { createUser } from '../../factories/users.factory';
import { JSON_ACCEPT } from '../../utils/api';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { FIRST_PARTY, type TestApp, useTestApp } from '../../utils/test-app';

/** One app per AUTH_FEATURES value, each in its own block (docs/http-contract.md §2). */
function withApp(env: Record<string, string>, body: (app: () => TestApp) => void) {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp(env);
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());
  body(() => t);
}

const expect404 = (res: request.Response) => {
  expect(res.status).toBe(404);
  expect(res.headers['content-type']).toMatch(/application\/json/);
};

describe('AUTH_FEATURES=tokens,registration (Fangate: no sessions)', () => {
  withApp({ AUTH_FEATURES: 'tokens,registration' }, (app) => {
    it('GET /sanctum/csrf-cookie, POST /login, /register and /logout are 404', async () => {
      const t = app();
      const res = await request(t.server).get('/sanctum/csrf-cookie').set('Referer', `${FIRST_PARTY}/`);
      expect404(res);
      expect(res.headers['set-cookie']).toBeUndefined();
      const user = await createUser(t.db);
      for (const path of ['/login', '/register', '/logout']) {
        expect404(
          await request(t.server)
            .post(path)
            .set('Referer', `${FIRST_PARTY}/`)
            .send({ email: user.email, password: user.plainPassword }),
        );
      }
      expect(await t.db.query('SELECT id FROM sessions')).toEqual([]);
    });

    it('bearer login and registration still work', async () => {
      const t = app();
      const user = await createUser(t.db);
      const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
      await request(t.server).get('/api/user').set(headers).expect(200);
      await request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody()).expect(201);
    });
  });
});

describe('AUTH_FEATURES=sessions,registration (BeatPass: no tokens)', () => {
  withApp({ AUTH_FEATURES: 'sessions,registration' }, (app) => {
    it('POST /api/login, /api/register and /api/logout are 404', async () => {
      const t = app();
      const user = await createUser(t.db);
      const login = await request(t.server)
        .post('/api/login')
        .set(JSON_ACCEPT)
        .send({ email: user.email, password: user.plainPassword });
      expect404(login);
      expect(login.body).toMatchObject({ success: false, data: null });
      expect404(await request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody()));
      expect404(await request(t.server).post('/api/logout').set(JSON_ACCEPT));
      expect(await t.db.query('SELECT id FROM personal_access_tokens')).toEqual([]);
      expect(await t.db.query('SELECT id FROM users')).toHaveLength(1);
    });

    it('ignores bearer tokens and keeps the SPA session flow', async () => {
      const t = app();
      const user = await createUser(t.db);
      const s = await loginWithSession(t.server, user.email, user.plainPassword);
      await request(t.server).get('/api/user').set(s.headers).expect(200);
      const res = await request(t.server)
        .get('/api/user')
        .set({ Authorization: `Bearer 1|${'a'.repeat(40)}00000000`, ...JSON_ACCEPT });
      expect(res.status).toBe(401);
    });
  });
});

describe('AUTH_FEATURES=sessions,tokens (registration closed)', () => {
  withApp({ AUTH_FEATURES: 'sessions,tokens' }, (app) => {
    it('POST /register and POST /api/register are 404, logins still work', async () => {
      const t = app();
      expect404(await request(t.server).post('/api/register').set(JSON_ACCEPT).send(registrationBody()));
      const user = await createUser(t.db);
      const s = await loginWithSession(t.server, user.email, user.plainPassword);
      expect404(await request(t.server).post('/register').set(s.headers).send(registrationBody()));
      expect(await t.db.query('SELECT id FROM users')).toHaveLength(1);
      await loginWithToken(t.server, user.email, user.plainPassword);
    });
  });
});
