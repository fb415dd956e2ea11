import type { Server } from 'node:http';
import request from 'supertest';
import { FIRST_PARTY } from './test-app';

export interface BrowserSession {
  /** Cookie header value carrying the session and XSRF cookies. */
  cookie: string;
  xsrf: string;
  /** Headers of a first-party SPA request, CSRF token included. */
  headers: Record<string, string>;
}

/** Reads Set-Cookie headers into a name → value map. */
export function cookiesOf(res: request.Response): Record<string, string> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const out: Record<string, string> = {};
  for (const c of raw ?? []) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** Merges a response's cookies into a browser session (as a browser cookie jar would). */
export function absorb(
  session: BrowserSession,
  res: request.Response,
  cookieName = 'app_session',
): BrowserSession {
  const jar = Object.fromEntries(
    session.cookie
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
  Object.assign(jar, cookiesOf(res));
  const cookie = Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const xsrf = decodeURIComponent(jar['XSRF-TOKEN'] ?? '');
  void cookieName;
  return {
    cookie,
    xsrf,
    headers: { Cookie: cookie, 'X-XSRF-TOKEN': xsrf, Origin: FIRST_PARTY, Referer: `${FIRST_PARTY}/` },
  };
}

/** GET /sanctum/csrf-cookie as the SPA does first. */
export async function startBrowserSession(server: Server): Promise<BrowserSession> {
  const res = await request(server).get('/sanctum/csrf-cookie').set('Referer', `${FIRST_PARTY}/`).expect(204);
  return absorb({ cookie: '', xsrf: '', headers: {} }, res);
}

/** Logs in through POST /login and returns the authenticated browser session. */
export async function loginWithSession(
  server: Server,
  email: string,
  password: string,
  extra: Record<string, unknown> = {},
): Promise<BrowserSession> {
  const anon = await startBrowserSession(server);
  const res = await request(server)
    .post('/login')
    .set(anon.headers)
    .send({ email, password, ...extra })
    .expect(200);
  return absorb(anon, res);
}

/** Logs in through POST /api/login and returns the bearer token. */
export async function loginWithToken(
  server: Server,
  email: string,
  password: string,
  extra: Record<string, unknown> = {},
): Promise<{ token: string; tokenId: string; headers: Record<string, string> }> {
  const res = await request(server)
    .post('/api/login')
    .set('Accept', 'application/json')
    .send({ email, password, ...extra })
    .expect(200);
  const token = res.body.data.token as string;
  return {
    token,
    tokenId: token.split('|')[0],
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  };
}

/** The session id carried by a browser session's cookie jar (to check it never leaks). */
export function sessionIdOf(session: BrowserSession, cookieName = 'app_session'): string {
  const pair = session.cookie.split('; ').find((c) => c.startsWith(`${cookieName}=`));
  return pair ? pair.slice(cookieName.length + 1) : '';
}

/** Raw Set-Cookie header of one cookie, attributes included (undefined when not set). */
export function setCookieHeader(res: request.Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return raw?.find((c) => c.startsWith(`${name}=`));
}
