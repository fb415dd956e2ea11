import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import request from 'supertest';
import type { AuthContext } from '../../../src/access/auth-context';
import { RequireAbilities } from '../../../src/common/decorators/access.decorators';
import { PolicyGuard } from '../../../src/access/guards/policy.guard';
import { TokensService } from '../../../src/tokens/tokens.service';
import { createUser } from '../../factories/users.factory';
import { loginWithToken } from '../../utils/auth-helpers';
import { type TestApp, useTestApp } from '../../utils/test-app';

const FIELDS = [
  'created_at',
  'device_name',
  'expires_at',
  'id',
  'ip_address',
  'is_current',
  'last_used_at',
  'name',
  'user_agent',
];
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });
const tokenIds = async (t: TestApp, userId: number) =>
  (
    (await t.db.query('SELECT id::text AS id FROM personal_access_tokens WHERE user_id = $1 ORDER BY id', [
      userId,
    ])) as { id: string }[]
  ).map((r) => r.id);

describe('Token management: /api/user/sessions', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const list = (headers: Record<string, string>) => request(t.server).get('/api/user/sessions').set(headers);
  const revoke = (headers: Record<string, string>, id: string) =>
    request(t.server).delete(`/api/user/sessions/${id}`).set(headers);

  it('answers 401 without credentials', async () => {
    const res = await request(t.server)
      .get('/api/user/sessions')
      .set('Accept', 'application/json')
      .expect(401);
    expect(res.body).toEqual({
      success: false,
      errors_message: 'Unauthenticated.',
      message: 'Unauthenticated.',
      data: null,
    });
  });

  it("lists only the caller's `api` tokens, newest first, with is_current and no secret", async () => {
    const user = await createUser(t.db);
    const other = await createUser(t.db);
    const phone = await loginWithToken(t.server, user.email, user.plainPassword, {
      device_name: 'Casey’s iPhone',
      fcm_token: 'fcm-push-token-1',
    });
    const laptop = await loginWithToken(t.server, user.email, user.plainPassword);
    await loginWithToken(t.server, other.email, other.plainPassword);
    const extra = await t.app.get(TokensService).issue(user, { name: 'other' });

    const res = await list(phone.headers).expect(200);
    expect(res.body).toMatchObject({ success: true, errors_message: null });
    const rows = res.body.data as Record<string, unknown>[];
    expect(rows.map((r) => [r.id, r.is_current])).toEqual([
      [Number(laptop.tokenId), false],
      [Number(phone.tokenId), true],
    ]);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(FIELDS);
    expect(rows[1]).toMatchObject({
      name: 'api',
      device_name: 'Casey’s iPhone',
      ip_address: expect.stringMatching(/127\.0\.0\.1$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expires_at: null,
    });
    const body = JSON.stringify(res.body);
    for (const plain of [phone.token, laptop.token, extra.plainText]) {
      expect(body).not.toContain(plain.split('|')[1]);
    }
    expect(body).not.toMatch(/token_hash|fcm/);

    const stored = (await t.db.query(
      'SELECT device_name, fcm_token, abilities FROM personal_access_tokens WHERE id = $1',
      [phone.tokenId],
    )) as { device_name: string; fcm_token: string; abilities: string[] }[];
    expect(stored).toEqual([
      { device_name: 'Casey’s iPhone', fcm_token: 'fcm-push-token-1', abilities: ['*'] },
    ]);

    // A non-`api` token still authenticates, but is not listed and is not "current".
    const fromExtra = await list(bearer(extra.plainText)).expect(200);
    expect(fromExtra.body.data.map((r: { is_current: boolean }) => r.is_current)).toEqual([false, false]);
  });

  describe('DELETE /api/user/sessions/{tokenId}', () => {
    it("refuses someone else's token with 403 and keeps it", async () => {
      const alice = await createUser(t.db);
      const bob = await createUser(t.db);
      const a = await loginWithToken(t.server, alice.email, alice.plainPassword);
      const b = await loginWithToken(t.server, bob.email, bob.plainPassword);
      const res = await revoke(a.headers, b.tokenId).expect(403);
      expect(res.body).toMatchObject({
        success: false,
        errors_message: 'This action is unauthorized.',
        data: null,
      });
      expect(await tokenIds(t, bob.id)).toEqual([b.tokenId]);
      await request(t.server).get('/api/user').set(b.headers).expect(200);
    });

    it('answers 404 for a nonexistent id, a malformed id and a token not named `api`', async () => {
      const user = await createUser(t.db);
      const a = await loginWithToken(t.server, user.email, user.plainPassword);
      const extra = await t.app.get(TokensService).issue(user, { name: 'other' });
      for (const id of ['999999', 'abc', '0', extra.token.id]) {
        const res = await revoke(a.headers, id).expect(404);
        expect(res.body).toMatchObject({ success: false, data: null });
      }
      expect(await tokenIds(t, user.id)).toEqual([a.tokenId, extra.token.id]);
    });

    it('revokes an own token: 200 envelope, and that token is 401 on its very next request', async () => {
      const user = await createUser(t.db);
      const a = await loginWithToken(t.server, user.email, user.plainPassword);
      const b = await loginWithToken(t.server, user.email, user.plainPassword);
      const res = await revoke(a.headers, b.tokenId).expect(200);
      expect(res.body).toEqual({ success: true, errors_message: null, data: null });
      const after = await request(t.server).get('/api/user').set(b.headers).expect(401);
      expect(after.body.errors_message).toBe('Unauthenticated.');
      expect(await tokenIds(t, user.id)).toEqual([a.tokenId]);
      await list(a.headers).expect(200);

      // Revoking the calling token itself ends it as well.
      await revoke(a.headers, a.tokenId).expect(200);
      await list(a.headers).expect(401);
    });
  });

  it("POST /api/logout with fcm_token revokes the token and drops that push token from the user's devices", async () => {
    const user = await createUser(t.db);
    const other = await createUser(t.db);
    const login = (u: typeof user, fcm: string) =>
      loginWithToken(t.server, u.email, u.plainPassword, { fcm_token: fcm });
    const a = await login(user, 'push-shared');
    const b = await login(user, 'push-shared');
    const c = await login(user, 'push-kept');
    const o = await login(other, 'push-shared');

    const res = await request(t.server)
      .post('/api/logout')
      .set(a.headers)
      .send({ fcm_token: 'push-shared' })
      .expect(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: null });
    await request(t.server).get('/api/user').set(a.headers).expect(401);
    const rows = (await t.db.query(
      'SELECT id::text AS id, fcm_token FROM personal_access_tokens ORDER BY id',
    )) as { id: string; fcm_token: string | null }[];
    expect(rows).toEqual([
      { id: b.tokenId, fcm_token: null },
      { id: c.tokenId, fcm_token: 'push-kept' },
      { id: o.tokenId, fcm_token: 'push-shared' },
    ]);
  });

  describe('abilities (no route requires one yet: PolicyGuard exercised with real token rows)', () => {
    class Probe {
      @RequireAbilities('orders:write')
      write(): void {}
    }
    const contextFor = (auth: AuthContext) =>
      ({
        getHandler: () => Probe.prototype.write,
        getClass: () => Probe,
        switchToHttp: () => ({ getRequest: () => ({ auth }) }),
      }) as unknown as ExecutionContext;
    const authFor = async (plain: string): Promise<AuthContext> => {
      const token = await t.app.get(TokensService).authenticate(plain);
      return { kind: 'token', user: token!.user!, token: token! };
    };

    it('a login token holds ["*"]; a restricted token holds only its abilities (403 otherwise)', async () => {
      const user = await createUser(t.db);
      const login = await loginWithToken(t.server, user.email, user.plainPassword);
      const readOnly = await t.app.get(TokensService).issue(user, { abilities: ['orders:read'] });
      const rows = (await t.db.query(
        'SELECT id::text AS id, abilities FROM personal_access_tokens ORDER BY id',
      )) as {
        id: string;
        abilities: string[];
      }[];
      expect(rows).toEqual([
        { id: login.tokenId, abilities: ['*'] },
        { id: readOnly.token.id, abilities: ['orders:read'] },
      ]);

      const full = await authFor(login.token);
      const limited = await authFor(readOnly.plainText);
      expect(PolicyGuard.tokenCan(full, 'orders:write')).toBe(true);
      expect(PolicyGuard.tokenCan(limited, 'orders:read')).toBe(true);
      expect(PolicyGuard.tokenCan(limited, 'orders:write')).toBe(false);

      const guard = new PolicyGuard(t.app.get(Reflector));
      expect(guard.canActivate(contextFor(full))).toBe(true);
      let err: unknown;
      try {
        guard.canActivate(contextFor(limited));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ForbiddenException);
      expect((err as ForbiddenException).getResponse()).toMatchObject({
        message: 'Invalid ability provided.',
      });
    });
  });
});
