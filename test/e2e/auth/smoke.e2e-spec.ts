import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { useTestApp } from '../../utils/test-app';

describe('smoke: both clients reach GET /api/user', () => {
  const t = useTestApp();

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
