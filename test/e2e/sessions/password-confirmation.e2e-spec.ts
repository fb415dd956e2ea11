import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import request from 'supertest';
import type { AuthContext } from '../../../src/access/auth-context';
import { PasswordConfirmedGuard } from '../../../src/access/guards/password-confirmed.guard';
import { TokensService } from '../../../src/tokens/tokens.service';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { FIRST_PARTY, useTestApp } from '../../utils/test-app';

const WRONG = 'The provided password is incorrect.';

describe('Password confirmation (POST /user/confirm-password, PASSWORD_TIMEOUT=60)', () => {
  const t = useTestApp({ PASSWORD_TIMEOUT: '60' });
  afterEach(() => t.clock.reset());

  const confirm = (headers: Record<string, string>, password: unknown) =>
    request(t.server).post('/user/confirm-password').set(headers).send({ password });
  const status = async (headers: Record<string, string>) =>
    (await request(t.server).get('/user/confirmed-password-status').set(headers).expect(200)).body;

  it('answers 401 without credentials', async () => {
    const res = await request(t.server)
      .post('/user/confirm-password')
      .set('Referer', `${FIRST_PARTY}/`)
      .send({ password: 'x' })
      .expect(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.' });
    await request(t.server).get('/user/confirmed-password-status').expect(401);
  });

  it('answers 422 errors.password for a wrong or missing password and confirms nothing', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    const wrong = await confirm(s.headers, 'Not-The-Password-1').expect(422);
    expect(wrong.body).toEqual({ message: WRONG, errors: { password: [WRONG] } });
    const missing = await request(t.server)
      .post('/user/confirm-password')
      .set(s.headers)
      .send({})
      .expect(422);
    expect(missing.body.errors.password).toEqual(['The password field is required.']);
    expect(await status(s.headers)).toEqual({ confirmed: false });
  });

  it('logging in does not count; the right password confirms (201) for PASSWORD_TIMEOUT seconds', async () => {
    t.clock.freeze(Date.parse('2030-06-01T12:00:00Z'));
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    expect(await status(s.headers)).toEqual({ confirmed: false });

    const res = await confirm(s.headers, user.plainPassword).expect(201);
    expect(res.text).toBe('');
    expect(await status(s.headers)).toEqual({ confirmed: true });

    t.clock.advance(59_000);
    expect(await status(s.headers)).toEqual({ confirmed: true });
    t.clock.advance(1_000);
    expect(await status(s.headers)).toEqual({ confirmed: false });
  });

  it('is recorded per browser session: another session of the same user is not confirmed', async () => {
    const user = await createUser(t.db);
    const a = await loginWithSession(t.server, user.email, user.plainPassword);
    const b = await loginWithSession(t.server, user.email, user.plainPassword);
    await confirm(a.headers, user.plainPassword).expect(201);
    expect(await status(a.headers)).toEqual({ confirmed: true });
    expect(await status(b.headers)).toEqual({ confirmed: false });
  });

  it('is recorded per token for bearer requests: another token of the same user is not confirmed', async () => {
    const user = await createUser(t.db);
    const a = await loginWithToken(t.server, user.email, user.plainPassword);
    const b = await loginWithToken(t.server, user.email, user.plainPassword);
    expect(await status(a.headers)).toEqual({ confirmed: false });

    await confirm(a.headers, user.plainPassword).expect(201);
    expect(await status(a.headers)).toEqual({ confirmed: true });
    expect(await status(b.headers)).toEqual({ confirmed: false });

    const rows = (await t.db.query(
      'SELECT id::text AS id, password_confirmed_at FROM personal_access_tokens WHERE user_id = $1 ORDER BY id',
      [user.id],
    )) as { id: string; password_confirmed_at: Date | null }[];
    expect(rows.map((r) => [r.id, r.password_confirmed_at !== null])).toEqual([
      [a.tokenId, true],
      [b.tokenId, false],
    ]);
  });

  it('a bearer confirmation also expires after PASSWORD_TIMEOUT', async () => {
    t.clock.freeze(Date.parse('2030-06-01T12:00:00Z'));
    const user = await createUser(t.db);
    const a = await loginWithToken(t.server, user.email, user.plainPassword);
    await confirm(a.headers, user.plainPassword).expect(201);
    t.clock.advance(61_000);
    expect(await status(a.headers)).toEqual({ confirmed: false });
  });

  it('a route behind the guard (POST /user/two-factor-authentication) answers 423 until confirmed', async () => {
    t.clock.freeze(Date.parse('2030-06-01T12:00:00Z'));
    const user = await createUser(t.db);
    const a = await loginWithSession(t.server, user.email, user.plainPassword);
    const b = await loginWithSession(t.server, user.email, user.plainPassword);
    const token = await loginWithToken(t.server, user.email, user.plainPassword);
    const guarded = (headers: Record<string, string>) =>
      request(t.server).post('/user/two-factor-authentication').set(headers);

    const locked = await guarded(a.headers).expect(423);
    expect(locked.body).toEqual({ message: 'Password confirmation required.' });
    await confirm(a.headers, user.plainPassword).expect(201);
    await guarded(a.headers).expect(200);
    await guarded(b.headers).expect(423);
    await guarded(token.headers).expect(423);

    t.clock.advance(60_000);
    await guarded(a.headers).expect(423);
  });

  describe('PasswordConfirmedGuard, called directly (also without any caller)', () => {
    /** The AuthContext the authentication guard would attach for this bearer token. */
    async function tokenAuth(plain: string): Promise<AuthContext> {
      const token = await t.app.get(TokensService).authenticate(plain);
      if (!token?.user) throw new Error('token did not authenticate');
      return { kind: 'token', user: token.user, token };
    }

    const thrownBy = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (err) {
        return err;
      }
      return undefined;
    };

    it('throws 423 `Password confirmation required.` before confirmation and passes after', async () => {
      t.clock.freeze(Date.parse('2030-06-01T12:00:00Z'));
      const guard = t.app.get(PasswordConfirmedGuard);
      const user = await createUser(t.db);
      const a = await loginWithToken(t.server, user.email, user.plainPassword);

      for (const auth of [await tokenAuth(a.token), undefined]) {
        const err = thrownBy(() => guard.assertConfirmed(auth));
        expect(err).toBeInstanceOf(HttpException);
        expect((err as HttpException).getStatus()).toBe(423);
        expect((err as HttpException).getResponse()).toEqual({ message: 'Password confirmation required.' });
      }

      await confirm(a.headers, user.plainPassword).expect(201);
      const fresh = await tokenAuth(a.token);
      expect(guard.assertConfirmed(fresh)).toBe(true);

      t.clock.advance(60_000);
      const expired = thrownBy(() => guard.assertConfirmed(fresh));
      expect((expired as HttpException).getStatus()).toBe(423);
    });
  });
});

describe('Password confirmation throttle', () => {
  // Its own app: the in-memory counters are keyed by user id, which restarts with every reset.
  const t = useTestApp();

  it('answers 429 with Retry-After after 5 wrong passwords within a minute, even for the right one', async () => {
    const user = await createUser(t.db);
    const s = await loginWithSession(t.server, user.email, user.plainPassword);
    const attempt = (password: string) =>
      request(t.server).post('/user/confirm-password').set(s.headers).send({ password });

    for (let i = 0; i < 5; i++) await attempt('Wrong-Password-1').expect(422);
    const sixth = await attempt('Wrong-Password-1').expect(429);
    expect(sixth.body).toEqual({ message: 'Too Many Attempts.' });
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    await attempt(user.plainPassword).expect(429);
    const other = await createUser(t.db);
    const o = await loginWithSession(t.server, other.email, other.plainPassword);
    await request(t.server)
      .post('/user/confirm-password')
      .set(o.headers)
      .send({ password: other.plainPassword })
      .expect(201);
  });
});
