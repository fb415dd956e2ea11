import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../factories/users.factory';
import { loginWithSession, loginWithToken } from '../utils/auth-helpers';
import { createTestApp, resetDatabase, type TestApp } from '../utils/test-app';

describe('smoke: both clients reach GET /api/user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  it('bearer', async () => {
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    const res = await request(t.server).get('/api/user').set(headers).expect(200);
    expect(res.body.data.email).toBe(user.email);
  });

  it('session', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    const res = await request(t.server).get('/api/user').set(s.headers).expect(200);
    expect(res.body.data.id).toBe(user.id);
  });
});
