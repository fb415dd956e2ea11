import { beforeEach, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcrypt';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { FIRST_PARTY, useTestApp } from '../../utils/test-app';

const NEW_PASSWORD = 'Brand-New-Passphrase-42';

describe('PUT /user/password', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const put = (headers: Record<string, string>, body: Record<string, unknown>) =>
    request(t.server).put('/user/password').set(headers).send(body);
  const me = (headers: Record<string, string>) => request(t.server).get('/api/user').set(headers);
  const storedHash = async (id: number) =>
    ((await t.db.query('SELECT password FROM users WHERE id = $1', [id])) as { password: string }[])[0]
      .password;
  const apiLogin = (email: string, password: string) =>
    request(t.server).post('/api/login').set('Accept', 'application/json').send({ email, password });

  it('answers 401 without credentials', async () => {
    const res = await request(t.server)
      .put('/user/password')
      .set('Referer', `${FIRST_PARTY}/`)
      .send({ current_password: 'x', password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .expect(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.' });
  });

  describe('refuses, and changes nothing', () => {
    let user: Awaited<ReturnType<typeof createUser>>;
    let headers: Record<string, string>;
    let hashBefore: string;
    beforeEach(async () => {
      user = await createUser(t.db);
      headers = (await loginWithSession(t.server, user.email, user.plainPassword)).headers;
      hashBefore = await storedHash(user.id);
    });
    const unchanged = async () => {
      expect(await storedHash(user.id)).toBe(hashBefore);
      await me(headers).expect(200);
    };

    it('a wrong current_password (422 errors.current_password)', async () => {
      const res = await put(headers, {
        current_password: 'Not-My-Password-1',
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      }).expect(422);
      expect(res.body).toEqual({
        message: 'The provided password is incorrect.',
        errors: { current_password: ['The provided password is incorrect.'] },
      });
      await unchanged();
    });

    it('a missing current_password (422)', async () => {
      const res = await put(headers, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD }).expect(
        422,
      );
      expect(res.body.errors.current_password).toEqual(['The current password field is required.']);
      await unchanged();
    });

    it('a new password of 7 characters (422 errors.password)', async () => {
      const res = await put(headers, {
        current_password: user.plainPassword,
        password: 'Ab1-xyz',
        password_confirmation: 'Ab1-xyz',
      }).expect(422);
      expect(res.body.errors.password).toEqual(['The password field must be at least 8 characters.']);
      await unchanged();
    });

    it('a well-known common password (422 errors.password)', async () => {
      const res = await put(headers, {
        current_password: user.plainPassword,
        password: 'password123',
        password_confirmation: 'password123',
      }).expect(422);
      expect(res.body.errors.password).toEqual([
        'The given password is too common. Please choose a different password.',
      ]);
      await unchanged();
    });

    it('a confirmation that does not match (422)', async () => {
      const res = await put(headers, {
        current_password: user.plainPassword,
        password: NEW_PASSWORD,
        password_confirmation: `${NEW_PASSWORD}-typo`,
      }).expect(422);
      expect(res.body.errors).toEqual({
        password_confirmation: ['The password field confirmation does not match.'],
      });
      await unchanged();
    });
  });

  /** One user with two browser sessions and two tokens, and a bystander with one of each. */
  async function scenario() {
    const user = await createUser(t.db);
    const other = await createUser(t.db);
    return {
      user,
      sessionA: await loginWithSession(t.server, user.email, user.plainPassword),
      sessionB: await loginWithSession(t.server, user.email, user.plainPassword),
      tokenA: await loginWithToken(t.server, user.email, user.plainPassword),
      tokenB: await loginWithToken(t.server, user.email, user.plainPassword),
      otherSession: await loginWithSession(t.server, other.email, other.plainPassword),
      otherToken: await loginWithToken(t.server, other.email, other.plainPassword),
    };
  }

  const change = (headers: Record<string, string>, current: string) =>
    put(headers, { current_password: current, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD });

  it('from a browser session: 200, every other session and every token ends, the caller stays', async () => {
    const s = await scenario();
    const res = await change(s.sessionA.headers, s.user.plainPassword).expect(200);
    expect(res.body).toEqual({ message: 'Password updated.' });

    await me(s.sessionA.headers).expect(200);
    for (const h of [s.sessionB.headers, s.tokenA.headers, s.tokenB.headers]) {
      const r = await me(h).expect(401);
      expect(r.body.errors_message).toBe('Unauthenticated.');
    }
    await me(s.otherSession.headers).expect(200);
    await me(s.otherToken.headers).expect(200);

    const sessions = (await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [
      s.user.id,
    ])) as { n: number }[];
    const tokens = (await t.db.query(
      'SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1',
      [s.user.id],
    )) as { n: number }[];
    expect([sessions[0].n, tokens[0].n]).toEqual([1, 0]);
    expect(await bcrypt.compare(NEW_PASSWORD, await storedHash(s.user.id))).toBe(true);

    const oldLogin = await apiLogin(s.user.email, s.user.plainPassword).expect(422);
    expect(oldLogin.body.errors_message).toBe('These credentials do not match our records.');
    await apiLogin(s.user.email, NEW_PASSWORD).expect(200);

    const events = (await t.db.query(
      `SELECT user_id, metadata FROM security_events WHERE kind = 'password_changed'`,
    )) as { user_id: number; metadata: Record<string, number> }[];
    expect(events).toEqual([{ user_id: s.user.id, metadata: { sessions_ended: 1, tokens_revoked: 2 } }]);
  });

  it('from a bearer token: the calling token stays, every session and other token ends', async () => {
    const s = await scenario();
    await change(s.tokenA.headers, s.user.plainPassword).expect(200);

    await me(s.tokenA.headers).expect(200);
    for (const h of [s.sessionA.headers, s.sessionB.headers, s.tokenB.headers]) await me(h).expect(401);
    await me(s.otherSession.headers).expect(200);
    await me(s.otherToken.headers).expect(200);
    const tokens = (await t.db.query('SELECT id::text AS id FROM personal_access_tokens WHERE user_id = $1', [
      s.user.id,
    ])) as { id: string }[];
    expect(tokens).toEqual([{ id: s.tokenA.tokenId }]);
    await apiLogin(s.user.email, NEW_PASSWORD).expect(200);
  });
});
