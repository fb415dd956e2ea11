import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { uniqueEmail } from '../factories/registration.factory';
import { createUser } from '../factories/users.factory';
import { FIRST_PARTY } from './test-app';

/** How long a client of the concurrency tier waits for any one answer before calling it a hang. */
export const CLIENT_TIMEOUT_MS = 10_000;

/** One request of a burst: who sent it, and what came back (or that it never came back). */
export interface Sent<T = request.Response> {
  /** The account (user id or email) the request was sent for. */
  owner: string | number;
  res?: T;
  /** Set when the request did not answer within the client timeout, or the socket failed. */
  error?: string;
}

/**
 * Sends every request at once (one Promise.all: all are in flight together) and waits for all of
 * them, each bounded by the client timeout. A request that hangs or fails shows up as `error`,
 * never as a test that waits forever.
 */
export async function burst<T extends { owner: string | number }>(
  items: T[],
  send: (item: T) => request.Test | Promise<request.Response>,
): Promise<Sent[]> {
  return Promise.all(
    items.map(async (item): Promise<Sent> => {
      try {
        const pending = send(item);
        const res = await ('timeout' in pending
          ? (pending as request.Test).timeout({ response: CLIENT_TIMEOUT_MS, deadline: CLIENT_TIMEOUT_MS })
          : withTimeout(pending, CLIENT_TIMEOUT_MS));
        return { owner: item.owner, res };
      } catch (err) {
        return { owner: item.owner, error: (err as Error).message };
      }
    }),
  );
}

/** Every request answered in time and none answered 5xx (the burst's report says which did). */
export function expectAllAnswered(sent: Sent[]): request.Response[] {
  const hung = sent.filter((s) => s.error).map((s) => `${s.owner}: ${s.error}`);
  const fiveHundreds = sent
    .filter((s) => s.res && s.res.status >= 500)
    .map((s) => `${s.owner}: ${s.res!.status} ${s.res!.text.slice(0, 200)}`);
  expect({ hung, fiveHundreds }).toEqual({ hung: [], fiveHundreds: [] });
  return sent.map((s) => s.res!);
}

/** `n` items cycling over `owners`, so every owner has requests in flight at the same time. */
export function interleave<T>(owners: T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => owners[i % owners.length]);
}

/** Headers that authenticate as a bearer token. */
export const bearer = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
  Accept: 'application/json',
});

/** Headers of a first-party SPA read with a session cookie jar. */
export const firstParty = (cookie: string): Record<string, string> => ({
  Cookie: cookie,
  Referer: `${FIRST_PARTY}/`,
  Origin: FIRST_PARTY,
  Accept: 'application/json',
});

/**
 * The identity oracle: GET /api/user with the credential a request got back must name the
 * account that request was sent for. Returns the mismatches ("sent for X, got Y") so that one
 * assertion reports every crossed response of a burst.
 */
export async function crossedIdentities(
  server: Server,
  checks: { owner: string | number; headers: Record<string, string>; expect: (user: UserView) => boolean }[],
): Promise<string[]> {
  const seen = await Promise.all(
    checks.map(async (c) => {
      const res = await request(server).get('/api/user').set(c.headers).timeout(CLIENT_TIMEOUT_MS);
      const user = res.body?.data as UserView | undefined;
      return res.status === 200 && user && c.expect(user)
        ? null
        : `sent for ${c.owner}, got ${res.status} ${user ? `${user.id} ${user.email}` : res.text.slice(0, 120)}`;
    }),
  );
  return seen.filter((s): s is string => s !== null);
}

export interface UserView {
  id: number;
  email: string;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * Puts the app's server on an ephemeral port once. Without it supertest starts (and, when its request
 * ends, stops) a listener per request on the shared server, which a burst must not race with.
 */
export function listen(server: Server): Promise<void> {
  if (server.listening) return Promise.resolve();
  return new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}

/**
 * The other half of the identity oracle: GET /api/user with each credential must answer 401 (a failed
 * login must not leave an authenticated session behind). Returns the ones that did not.
 */
export async function authenticatedAnyway(
  server: Server,
  checks: { owner: string | number; headers: Record<string, string> }[],
): Promise<string[]> {
  const seen = await Promise.all(
    checks.map(async (c) => {
      const res = await request(server).get('/api/user').set(c.headers).timeout(CLIENT_TIMEOUT_MS);
      return res.status === 401 ? null : `sent for ${c.owner}, got ${res.status} ${res.text.slice(0, 120)}`;
    }),
  );
  return seen.filter((s): s is string => s !== null);
}

/** How many times each value occurs (for "exactly one winner per key" assertions). */
export function tally<K extends string | number>(keys: K[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[String(k)] = (out[String(k)] ?? 0) + 1;
  return out;
}

/**
 * `n` accounts with a unique email and a password of their own each (so that one account's password
 * is a wrong one for every other account). Created one after another: createUser's default emails
 * are only unique across calls that do not overlap.
 */
export async function accounts(db: DataSource, n: number, tag = 'burst') {
  const users = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail(`${tag}${i}`);
    users.push(await createUser(db, { email, plainPassword: `Pw-${tag}-${i}-${randomUUID().slice(0, 8)}` }));
  }
  return users;
}

export type Account = Awaited<ReturnType<typeof accounts>>[number];
