import { expect } from '@jest/globals';
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { registrationBody } from '../factories/registration.factory';

export const JSON_ACCEPT = { Accept: 'application/json' };

/** The `/api` error envelope of docs/http-contract.md §1. */
export function expectApiError(
  res: request.Response,
  status: number,
  message: string,
  errors?: Record<string, string[]>,
): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body).toEqual({
    success: false,
    errors_message: message,
    message,
    data: null,
    ...(errors && { errors }),
  });
}

/** The bare error body of the Sanctum/Fortify routes. */
export function expectBareError(
  res: request.Response,
  status: number,
  message: string,
  errors?: Record<string, string[]>,
): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body).toEqual({ message, ...(errors && { errors }) });
}

/** A 422 from /api whose `errors` name `field` with exactly `message` (other fields may fail too). */
export function expectFieldError(res: request.Response, field: string, message: string): void {
  expect(res.status).toBe(422);
  expect(res.body.success).toBe(false);
  expect(res.body.data).toBeNull();
  expect(res.body.errors?.[field]).toEqual([message]);
  expect(res.body.message).toBe(res.body.errors_message);
}

/** POST /api/register with a valid body (plus overrides) as JSON. */
export async function registerViaApi(
  server: Server,
  overrides: Record<string, unknown> = {},
): Promise<{
  user: Record<string, unknown> & { id: number; email: string };
  token: string;
  headers: Record<string, string>;
}> {
  const res = await request(server).post('/api/register').set(JSON_ACCEPT).send(registrationBody(overrides));
  expect(res.status).toBe(201);
  const { user, token } = res.body.data;
  return { user, token, headers: { Authorization: `Bearer ${token}`, ...JSON_ACCEPT } };
}

/** Reads one row as plain columns (snake_case, as stored). */
export async function row<T = Record<string, unknown>>(
  db: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return ((await db.query(sql, params)) as T[])[0];
}

/** Polls until `read()` satisfies `done` (for fire-and-forget writes), at most `attempts` reads. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  attempts = 200,
): Promise<T> {
  let last = await read();
  for (let i = 0; i < attempts && !done(last); i++) {
    await new Promise((r) => setImmediate(r));
    last = await read();
  }
  return last;
}
