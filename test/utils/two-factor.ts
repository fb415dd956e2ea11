import { createHash } from 'node:crypto';
import request from 'supertest';
import { absorb, loginWithToken, startBrowserSession, type BrowserSession } from './auth-helpers';
import type { TestApp } from './test-app';
import { totpAt } from './totp';

/** Every test app of the 2FA suites: the per-IP endpoint limit is not what these tests look at. */
export const TWO_FACTOR_ENV = { IP_RATE_LIMIT: '10000' };

/** A frozen "now" in the middle of a 30 s step, so ±N steps never land on a boundary. */
export const FROZEN_AT = new Date('2026-11-22T10:00:10Z');

export const STEP_MS = 30_000;

export const INVALID_CODE = 'The provided two factor authentication code was invalid.';
export const INVALID_RECOVERY_CODE = 'The provided two factor recovery code was invalid.';
export const INVALID_CHALLENGE = 'The two factor challenge is invalid or has expired.';

export interface TwoFactorUser {
  email: string;
  plainPassword: string;
  id: number;
}

export interface EnabledTwoFactor {
  secret: string;
  recoveryCodes: string[];
  /** The code that confirmed the setup (already used). */
  confirmCode: string;
  /** Bearer headers of a token with a recent password confirmation. */
  headers: Record<string, string>;
}

/** The code an authenticator shows `steps` time steps from the app's (frozen) now. */
export const codeAt = (t: TestApp, secret: string, steps = 0): Promise<string> =>
  totpAt(secret, t.clock.nowMs() + steps * STEP_MS);

/** A well-formed code that is not valid anywhere in the ±1 window around now. */
export async function wrongCode(t: TestApp, secret: string): Promise<string> {
  const valid = await Promise.all([-1, 0, 1].map((s) => codeAt(t, secret, s)));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c))!;
}

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** POST /user/confirm-password with the given credentials. */
export async function confirmPassword(
  t: TestApp,
  headers: Record<string, string>,
  password: string,
): Promise<void> {
  await request(t.server).post('/user/confirm-password').set(headers).send({ password }).expect(201);
}

/**
 * Turns 2FA on through the API as a user would: confirm the password, enable, read the secret,
 * confirm with the current code, read the recovery codes. Then the clock moves on one step, so
 * the next code is fresh (the confirmation code counts as used).
 */
export async function enableTwoFactor(t: TestApp, user: TwoFactorUser): Promise<EnabledTwoFactor> {
  const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
  await confirmPassword(t, headers, user.plainPassword);
  await request(t.server).post('/user/two-factor-authentication').set(headers).expect(200);
  const key = await request(t.server).get('/user/two-factor-secret-key').set(headers).expect(200);
  const secret = key.body.secretKey as string;
  const confirmCode = await codeAt(t, secret);
  await request(t.server)
    .post('/user/confirmed-two-factor-authentication')
    .set(headers)
    .send({ code: confirmCode })
    .expect(200);
  const codes = await request(t.server).get('/user/two-factor-recovery-codes').set(headers).expect(200);
  t.clock.advance(STEP_MS);
  return { secret, recoveryCodes: codes.body as string[], confirmCode, headers };
}

/** POST /login from a fresh browser session: the session after it and the answer's body. */
export async function cookieLogin(
  t: TestApp,
  user: TwoFactorUser,
  extra: Record<string, unknown> = {},
): Promise<{ session: BrowserSession; body: Record<string, unknown> }> {
  const anon = await startBrowserSession(t.server);
  const res = await request(t.server)
    .post('/login')
    .set(anon.headers)
    .send({ email: user.email, password: user.plainPassword, ...extra })
    .expect(200);
  return { session: absorb(anon, res), body: res.body as Record<string, unknown> };
}

/** A cookie login that stopped at the second factor: the session holds the pending login. */
export async function pendingCookieLogin(
  t: TestApp,
  user: TwoFactorUser,
  extra: Record<string, unknown> = {},
): Promise<BrowserSession> {
  const { session, body } = await cookieLogin(t, user, extra);
  if (body.two_factor !== true) throw new Error(`expected a 2FA challenge, got ${JSON.stringify(body)}`);
  return session;
}

/** A bearer login that stopped at the second factor: returns the opaque challenge. */
export async function apiChallenge(
  t: TestApp,
  user: TwoFactorUser,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await request(t.server)
    .post('/api/login')
    .send({ email: user.email, password: user.plainPassword, ...extra })
    .expect(200);
  if (res.body.data?.two_factor !== true) throw new Error(`expected a 2FA challenge, got ${res.text}`);
  return res.body.data.challenge as string;
}

/** The caller's user resource (GET /api/user). */
export async function userResource(
  t: TestApp,
  headers: Record<string, string>,
): Promise<Record<string, unknown>> {
  const res = await request(t.server).get('/api/user').set(headers).expect(200);
  return res.body.data as Record<string, unknown>;
}

/** Every row of every table as text: for "this value is stored nowhere" assertions. */
export async function dumpDatabase(t: TestApp): Promise<string> {
  const parts: string[] = [];
  for (const m of t.db.entityMetadatas) {
    const rows = (await t.db.query(`SELECT row_to_json(x)::text AS j FROM "${m.tableName}" x`)) as {
      j: string;
    }[];
    parts.push(...rows.map((r) => r.j));
  }
  return parts.join('\n');
}

/** The kinds of the user's security events, oldest first. */
export async function eventKinds(t: TestApp, userId: number): Promise<string[]> {
  const rows = (await t.db.query('SELECT kind FROM security_events WHERE user_id = $1 ORDER BY id', [
    userId,
  ])) as { kind: string }[];
  return rows.map((r) => r.kind);
}

/** Number of rows of `table` for the user. */
export async function countRows(t: TestApp, table: string, userId: number): Promise<number> {
  const rows = (await t.db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE user_id = $1`, [
    userId,
  ])) as { n: number }[];
  return rows[0].n;
}
