import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { absorb, startBrowserSession, type BrowserSession } from './auth-helpers';

export const CHROME_MAC_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const IPHONE_SAFARI_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

/** The raw value of the session cookie in a browser session's cookie jar. */
export function sessionCookieValue(s: BrowserSession, name = 'app_session'): string {
  const pair = s.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  if (!pair) throw new Error(`no ${name} cookie in the jar`);
  return pair.slice(name.length + 1);
}

/** The `sessions` row behind a browser session (looked up by the SHA-256 of its cookie value). */
export async function sessionRow(
  db: DataSource,
  s: BrowserSession,
): Promise<{ id: string; user_id: number | null; last_activity_at: Date; remember: boolean } | undefined> {
  const hash = createHash('sha256').update(sessionCookieValue(s)).digest('hex');
  const rows = (await db.query(
    'SELECT id, user_id, last_activity_at, remember FROM sessions WHERE token_hash = $1',
    [hash],
  )) as { id: string; user_id: number | null; last_activity_at: Date; remember: boolean }[];
  return rows[0];
}

/** POST /login with a chosen User-Agent (and extra body fields); returns the session and the response. */
export async function loginBrowser(
  server: Server,
  email: string,
  password: string,
  opts: { userAgent?: string; body?: Record<string, unknown> } = {},
): Promise<{ session: BrowserSession; res: request.Response }> {
  const anon = await startBrowserSession(server);
  const req = request(server).post('/login').set(anon.headers);
  if (opts.userAgent) req.set('User-Agent', opts.userAgent);
  const res = await req.send({ email, password, ...opts.body }).expect(200);
  return { session: absorb(anon, res), res };
}

/**
 * Polls until `check` holds, for writes the app makes fire-and-forget (bounded: ~5 s). Not a sleep
 * for timing: it returns as soon as the row shows the expected value.
 */
export async function waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 250 && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  if (!check(value)) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
  return value;
}
