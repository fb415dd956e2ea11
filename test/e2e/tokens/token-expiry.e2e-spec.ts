import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { PruneScheduler } from '../../../src/sessions/prune.scheduler';
import { TokensService } from '../../../src/tokens/tokens.service';
import { createUser } from '../../factories/users.factory';
import { loginWithToken } from '../../utils/auth-helpers';
import { waitFor } from '../../utils/session-test-helpers';
import { type TestApp, useTestApp } from '../../utils/test-app';

const T0 = Date.parse('2030-07-01T09:00:00Z');
const MIN = 60_000;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });
const tokenIds = async (t: TestApp, userId: number) =>
  (
    (await t.db.query('SELECT id::text AS id FROM personal_access_tokens WHERE user_id = $1 ORDER BY id', [
      userId,
    ])) as { id: string }[]
  ).map((r) => r.id);

describe('Token expiry (TOKEN_EXPIRATION=60, frozen clock)', () => {
  const t = useTestApp({ TOKEN_EXPIRATION: '60' });
  beforeEach(() => {
    t.clock.freeze(T0);
  });
  afterEach(() => t.clock.reset());

  const me = (headers: Record<string, string>) => request(t.server).get('/api/user').set(headers);

  it('works at 59 minutes and is 401 at 61, when it also leaves the listing', async () => {
    const user = await createUser(t.db);
    const old = await loginWithToken(t.server, user.email, user.plainPassword);
    t.clock.advance(30 * MIN);
    const fresh = await loginWithToken(t.server, user.email, user.plainPassword);

    t.clock.advance(29 * MIN);
    await me(old.headers).expect(200);
    const listed = await request(t.server).get('/api/user/sessions').set(fresh.headers).expect(200);
    expect(listed.body.data.map((r: { id: number; expires_at: string }) => [r.id, r.expires_at])).toEqual([
      [Number(fresh.tokenId), new Date(T0 + 90 * MIN).toISOString()],
      [Number(old.tokenId), new Date(T0 + 60 * MIN).toISOString()],
    ]);

    t.clock.advance(2 * MIN);
    const res = await me(old.headers).expect(401);
    expect(res.body.errors_message).toBe('Unauthenticated.');
    const after = await request(t.server).get('/api/user/sessions').set(fresh.headers).expect(200);
    expect(after.body.data.map((r: { id: number }) => r.id)).toEqual([Number(fresh.tokenId)]);
  });

  it('honours a per-token expires_at earlier than TOKEN_EXPIRATION', async () => {
    const user = await createUser(t.db);
    const issued = await t.app.get(TokensService).issue(user, { expiresAt: new Date(T0 + 10 * MIN) });
    t.clock.advance(9 * MIN);
    await me(bearer(issued.plainText)).expect(200);
    t.clock.advance(2 * MIN);
    await me(bearer(issued.plainText)).expect(401);
  });

  it('the prune deletes expired tokens and keeps live ones', async () => {
    const user = await createUser(t.db);
    const byConfig = await loginWithToken(t.server, user.email, user.plainPassword);
    t.clock.advance(30 * MIN);
    const live = await loginWithToken(t.server, user.email, user.plainPassword);
    const byDate = await t.app.get(TokensService).issue(user, { expiresAt: new Date(T0 + 40 * MIN) });
    t.clock.advance(31 * MIN); // byConfig is 61 minutes old, byDate 21 minutes past its expires_at

    expect(await tokenIds(t, user.id)).toEqual([byConfig.tokenId, live.tokenId, byDate.token.id]);
    const result = await t.app.get(PruneScheduler).run();
    expect(result.tokens).toBe(2);
    expect(await tokenIds(t, user.id)).toEqual([live.tokenId]);
    await me(live.headers).expect(200);
  });

  it('writes last_used_at at most once a minute per token (fire-and-forget, so polled)', async () => {
    const user = await createUser(t.db);
    const token = await loginWithToken(t.server, user.email, user.plainPassword);
    const lastUsed = async () =>
      (
        (await t.db.query('SELECT last_used_at FROM personal_access_tokens WHERE id = $1', [
          token.tokenId,
        ])) as { last_used_at: Date | null }[]
      )[0].last_used_at?.getTime();

    expect(await lastUsed()).toBeUndefined();
    await me(token.headers).expect(200);
    await waitFor(lastUsed, (v) => v === T0);

    t.clock.advance(30_000);
    await me(token.headers).expect(200);
    const listed = await request(t.server).get('/api/user/sessions').set(token.headers).expect(200);
    expect(listed.body.data[0].last_used_at).toBe(new Date(T0).toISOString());
    expect(await lastUsed()).toBe(T0);

    t.clock.advance(31_000);
    await me(token.headers).expect(200);
    await waitFor(lastUsed, (v) => v === T0 + 61_000);
  });
});
