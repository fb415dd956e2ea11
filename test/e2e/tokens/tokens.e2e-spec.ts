import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { eventually, expectApiError, JSON_ACCEPT, row } from '../../utils/api';
import { loginWithToken } from '../../utils/auth-helpers';
import { auditResponses } from '../../utils/response-audit';
import { useTestApp } from '../../utils/test-app';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const crcHex = (v: string) => crc32(v).toString(16).padStart(8, '0');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, ...JSON_ACCEPT });
/** Changes one character of the random part, keeping the alphabet. */
const flip = (secret: string, at: number) =>
  secret.slice(0, at) + (secret[at] === 'a' ? 'b' : 'a') + secret.slice(at + 1);

describe('bearer tokens (contract §4)', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp();
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => {
    t.clock.reset();
    audit.assertClean();
  });

  const login = async () => {
    const user = await createUser(t.db);
    return { user, ...(await loginWithToken(t.server, user.email, user.plainPassword)) };
  };
  const tokenRow = (id: string) =>
    row<Record<string, unknown>>(t.db, 'SELECT * FROM personal_access_tokens WHERE id = $1', [id]);

  describe('closed doors', () => {
    it('refuses a token with one flipped character (checksum or hash mismatch) → 401', async () => {
      const { token } = await login();
      const [id, secret] = token.split('|');
      const flipped = flip(secret, 5);
      // Same checksum recomputed: passes the format check, fails the hash comparison.
      const rechecked = flipped.slice(0, 40) + crcHex(flipped.slice(0, 40));
      for (const candidate of [`${id}|${flipped}`, `${id}|${rechecked}`, flipped, `${id}|${secret}x`]) {
        expectApiError(
          await request(t.server).get('/api/user').set(bearer(candidate)),
          401,
          'Unauthenticated.',
        );
      }
    });

    it('refuses a valid secret under a wrong id → 401', async () => {
      const a = await login();
      const b = await login();
      const secretA = a.token.split('|')[1];
      // The last id is beyond PostgreSQL's bigint: still a 401, not a 400 from the query.
      for (const id of [b.tokenId, '999999', '0', '9999999999999999999']) {
        expectApiError(
          await request(t.server)
            .get('/api/user')
            .set(bearer(`${id}|${secretA}`)),
          401,
          'Unauthenticated.',
        );
      }
    });

    it('refuses an expired token → 401', async () => {
      const { tokenId, headers } = await login();
      await t.db.query('UPDATE personal_access_tokens SET expires_at = $1 WHERE id = $2', [
        new Date(t.clock.nowMs() - 60_000),
        tokenId,
      ]);
      expectApiError(await request(t.server).get('/api/user').set(headers), 401, 'Unauthenticated.');
    });

    it('POST /api/logout without credentials → 401', async () => {
      expectApiError(await request(t.server).post('/api/logout').set(JSON_ACCEPT), 401, 'Unauthenticated.');
    });
  });

  it('has the Sanctum format: <id>|<40 alphanumerics><CRC32 of them in 8 hex>', async () => {
    const { token, tokenId } = await login();
    expect(token).toMatch(/^\d+\|[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    const secret = token.split('|')[1];
    expect(secret.slice(40)).toBe(crcHex(secret.slice(0, 40)));
    expect(await tokenRow(tokenId)).toBeDefined();
  });

  it('stores only the SHA-256 of the secret', async () => {
    const { token, tokenId } = await login();
    const secret = token.split('|')[1];
    const stored = await tokenRow(tokenId);
    expect(stored!.token_hash).toBe(sha256(secret));
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(0, 40));
  });

  it('accepts the secret without the <id>| part', async () => {
    const { user, token } = await login();
    const res = await request(t.server)
      .get('/api/user')
      .set(bearer(token.split('|')[1]))
      .expect(200);
    expect(res.body.data.id).toBe(user.id);
  });

  it('needs no CSRF token for a bearer request without a session cookie', async () => {
    const { user, headers } = await login();
    await request(t.server).put('/api/user/profile').set(headers).send({ first_name: 'Bea' }).expect(200);
    expect(await row(t.db, 'SELECT first_name FROM users WHERE id = $1', [user.id])).toEqual({
      first_name: 'Bea',
    });
  });

  it('POST /api/logout → 200 envelope with data null; the token is deleted and then 401', async () => {
    const { tokenId, headers } = await login();
    const other = await login();
    const res = await request(t.server).post('/api/logout').set(headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, errors_message: null, data: null });
    expect(await tokenRow(tokenId)).toBeUndefined();
    expectApiError(await request(t.server).get('/api/user').set(headers), 401, 'Unauthenticated.');
    // Other tokens live on.
    await request(t.server).get('/api/user').set(other.headers).expect(200);
  });

  it('POST /api/logout with fcm_token clears that push token from the user’s other tokens only', async () => {
    const user = await createUser(t.db);
    const stranger = await createUser(t.db);
    const fcm = 'fcm-device-42';
    const phone = await loginWithToken(t.server, user.email, user.plainPassword, { fcm_token: fcm });
    const tablet = await loginWithToken(t.server, user.email, user.plainPassword, { fcm_token: fcm });
    const theirs = await loginWithToken(t.server, stranger.email, stranger.plainPassword, { fcm_token: fcm });
    expect((await tokenRow(tablet.tokenId))!.fcm_token).toBe(fcm);

    await request(t.server).post('/api/logout').set(phone.headers).send({ fcm_token: fcm }).expect(200);
    expect(await tokenRow(phone.tokenId)).toBeUndefined();
    expect((await tokenRow(tablet.tokenId))!.fcm_token).toBeNull();
    expect((await tokenRow(theirs.tokenId))!.fcm_token).toBe(fcm);
    await request(t.server).get('/api/user').set(tablet.headers).expect(200);
  });

  it('writes last_used_at on first use, at most once a minute', async () => {
    const t0 = new Date('2026-06-15T12:00:00.000Z');
    t.clock.freeze(t0);
    const { tokenId, headers } = await login();
    const lastUsed = async () =>
      ((await tokenRow(tokenId))!.last_used_at as Date | null)?.toISOString() ?? null;
    expect(await lastUsed()).toBeNull();

    await request(t.server).get('/api/user').set(headers).expect(200);
    expect(await eventually(lastUsed, (v) => v !== null)).toBe(t0.toISOString());

    t.clock.advance(30_000);
    for (let i = 0; i < 3; i++) await request(t.server).get('/api/user').set(headers).expect(200);
    for (let i = 0; i < 10; i++) expect(await lastUsed()).toBe(t0.toISOString());

    t.clock.advance(31_000);
    await request(t.server).get('/api/user').set(headers).expect(200);
    const later = new Date(t0.getTime() + 61_000).toISOString();
    expect(await eventually(lastUsed, (v) => v === later)).toBe(later);
  });
});

describe('bearer tokens with TOKEN_PREFIX', () => {
  let audit: ReturnType<typeof auditResponses>;
  const t = useTestApp({ TOKEN_PREFIX: 'app_' });
  beforeAll(() => {
    audit = auditResponses(t.server);
  });
  afterEach(() => audit.assertClean());

  it('puts the prefix after the bar, hashes it with the secret and accepts the token', async () => {
    const user = await createUser(t.db);
    const { token, tokenId, headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    expect(token).toMatch(/^\d+\|app_[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    const secret = token.split('|')[1];
    expect(secret.slice(44)).toBe(crcHex(secret.slice(4, 44)));
    expect(
      (await row(t.db, 'SELECT token_hash FROM personal_access_tokens WHERE id = $1', [tokenId]))!,
    ).toEqual({
      token_hash: sha256(secret),
    });
    await request(t.server).get('/api/user').set(headers).expect(200);
  });

  it('refuses the token without its prefix → 401', async () => {
    const user = await createUser(t.db);
    const { token } = await loginWithToken(t.server, user.email, user.plainPassword);
    const [id, secret] = token.split('|');
    expectApiError(
      await request(t.server)
        .get('/api/user')
        .set(bearer(`${id}|${secret.slice(4)}`)),
      401,
      'Unauthenticated.',
    );
  });
});
