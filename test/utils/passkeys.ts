import { expect } from '@jest/globals';
import type { Server } from 'node:http';
import request from 'supertest';
import { absorb, loginWithToken, startBrowserSession, type BrowserSession } from './auth-helpers';
import { SoftwareAuthenticator, type CeremonyTweaks } from './software-authenticator';

/** The per-IP limit is not what most passkey tests look at (the throttling test sets its own). */
export const PASSKEY_ENV = { IP_RATE_LIMIT: '10000' };

export const PASSKEY_INVALID = 'The passkey could not be verified.';
export const CHALLENGE_EXPIRED = 'The passkey request has expired or was already used. Please try again.';
export const LAST_LOGIN_METHOD =
  'This is the only way to log in to the account. Set a password, link a provider or add another passkey first.';

export interface Credentials {
  email: string;
  plainPassword: string;
}

/** Bearer headers of a fresh token whose holder just confirmed the password (as the management routes need). */
export async function confirmedToken(server: Server, user: Credentials): Promise<Record<string, string>> {
  const { headers } = await loginWithToken(server, user.email, user.plainPassword);
  await request(server)
    .post('/user/confirm-password')
    .set(headers)
    .send({ password: user.plainPassword })
    .expect(201);
  return headers;
}

/** Registration as the browser does it: options, create() on the authenticator, then the answer. */
export async function registerPasskey(
  server: Server,
  headers: Record<string, string>,
  authenticator: SoftwareAuthenticator,
  name = 'Laptop',
  tweaks: CeremonyTweaks = {},
): Promise<request.Response> {
  const options = await request(server).post('/user/passkeys/options').set(headers).expect(200);
  const response = authenticator.create(options.body, tweaks);
  return request(server).post('/user/passkeys').set(headers).send({ name, response });
}

/** Registers and expects 201; returns the new passkey's id. */
export async function addPasskey(
  server: Server,
  headers: Record<string, string>,
  authenticator: SoftwareAuthenticator,
  name = 'Laptop',
): Promise<number> {
  const res = await registerPasskey(server, headers, authenticator, name);
  expect(res.status).toBe(201);
  return res.body.id as number;
}

/** POST /api/passkeys/login/options (`data` of the envelope). */
export async function apiLoginOptions(server: Server, email?: string) {
  const res = await request(server)
    .post('/api/passkeys/login/options')
    .set('Accept', 'application/json')
    .send(email === undefined ? {} : { email })
    .expect(200);
  return res.body.data as { challenge: string; rpId: string; allowCredentials?: { id: string }[] };
}

/** A bearer login with the authenticator: options, get(), then the assertion. */
export async function apiPasskeyLogin(
  server: Server,
  authenticator: SoftwareAuthenticator,
  { email, tweaks, body }: { email?: string; tweaks?: CeremonyTweaks; body?: object } = {},
): Promise<request.Response> {
  const options = await apiLoginOptions(server, email);
  return request(server)
    .post('/api/passkeys/login')
    .set('Accept', 'application/json')
    .send({ response: authenticator.get(options, tweaks), ...body });
}

/** A cookie login with the authenticator from a fresh browser session; the session after it. */
export async function sessionPasskeyLogin(
  server: Server,
  authenticator: SoftwareAuthenticator,
  { email, tweaks, body }: { email?: string; tweaks?: CeremonyTweaks; body?: object } = {},
): Promise<{ res: request.Response; before: BrowserSession; after: BrowserSession }> {
  const before = await startBrowserSession(server);
  const options = await request(server)
    .post('/passkeys/login/options')
    .set(before.headers)
    .send(email === undefined ? {} : { email })
    .expect(200);
  const res = await request(server)
    .post('/passkeys/login')
    .set(before.headers)
    .send({ response: authenticator.get(options.body, tweaks), ...body });
  return { res, before, after: absorb(before, res) };
}
