import { describe, expect, it } from '@jest/globals';
import { parse } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CryptoSettings, SessionSettings } from '../config/settings';
import { randomId } from '../common/crypto/hashing';
import { SessionCookies, XSRF_COOKIE } from './session-cookies';

const key = (seed: number) => Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 13 + seed) & 0xff));
const sessionSettings = (o: { domain?: string; sameSite?: SessionSettings['sameSite'] } = {}) =>
  new SessionSettings('app_session', 120, 43200, o.domain, o.sameSite ?? 'lax', true, []);
const cookiesWith = (seed: number, session = sessionSettings()) =>
  new SessionCookies(session, new CryptoSettings(key(seed), 4, 1, 0));

/** The part of a Fastify reply setCookie uses, down to its appending of Set-Cookie headers. */
class FakeResponse {
  private readonly headers = new Map<string, unknown>();
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  header(name: string, value: unknown) {
    const key = name.toLowerCase();
    const current = this.headers.get(key);
    this.headers.set(key, key === 'set-cookie' && current ? [current, value].flat() : value);
    return this;
  }
  removeHeader(name: string) {
    this.headers.delete(name.toLowerCase());
    return this;
  }
  setCookies(): string[] {
    return (this.getHeader('Set-Cookie') as string[] | undefined) ?? [];
  }
  cookie(name: string): string | undefined {
    const line = this.setCookies().find((c) => c.startsWith(`${name}=`));
    return line === undefined ? undefined : parse(line)[name];
  }
}

const cookies = cookiesWith(1);
const xsrfFor = (sessionId: string, c = cookies) => {
  const res = new FakeResponse();
  c.writeXsrf(res as unknown as FastifyReply, sessionId, false);
  return res.cookie(XSRF_COOKIE)!;
};
const requestWithCookie = (cookie?: string) =>
  ({ headers: cookie === undefined ? {} : { cookie } }) as FastifyRequest;

describe('SessionCookies CSRF tokens', () => {
  const session = randomId();
  const other = randomId();

  it('verifies a token made for the session', () => {
    const token = xsrfFor(session);
    expect(token.length).toBeGreaterThan(20);
    expect(cookies.verifyCsrf(session, token)).toBe(true);
  });

  it('salts every token, and every one of them verifies', () => {
    const a = xsrfFor(session);
    const b = xsrfFor(session);
    expect(a).not.toBe(b);
    expect(cookies.verifyCsrf(session, a)).toBe(true);
    expect(cookies.verifyCsrf(session, b)).toBe(true);
  });

  it('refuses a token made for another session id (it rotates with the id)', () => {
    expect(cookies.verifyCsrf(other, xsrfFor(session))).toBe(false);
    expect(cookies.verifyCsrf(session, xsrfFor(other))).toBe(false);
  });

  it('refuses a token made under another APP_KEY, and accepts it under the same key', () => {
    const token = xsrfFor(session);
    expect(cookiesWith(2).verifyCsrf(session, token)).toBe(false);
    expect(cookiesWith(1).verifyCsrf(session, token)).toBe(true);
  });

  it('refuses a tampered token', () => {
    const token = xsrfFor(session);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const i of [0, Math.floor(token.length / 2), token.length - 1]) {
      expect(cookies.verifyCsrf(session, flip(token, i))).toBe(false);
    }
    expect(cookies.verifyCsrf(session, token.slice(0, -1))).toBe(false);
    expect(cookies.verifyCsrf(session, `${token}A`)).toBe(false);
  });

  it('refuses a missing, empty or oversized token', () => {
    expect(cookies.verifyCsrf(session, undefined)).toBe(false);
    expect(cookies.verifyCsrf(session, '')).toBe(false);
    expect(cookies.verifyCsrf(session, `${xsrfFor(session)}${'x'.repeat(300)}`)).toBe(false);
  });
});

describe('SessionCookies cookies', () => {
  it('reads a well-formed session id from the configured cookie only', () => {
    const id = randomId();
    expect(cookies.readSessionId(requestWithCookie(`a=1; app_session=${id}; b=2`))).toBe(id);
    expect(cookies.readSessionId(requestWithCookie(`other_session=${id}`))).toBeUndefined();
    expect(cookies.readSessionId(requestWithCookie())).toBeUndefined();
    for (const bad of [id.slice(1), `${id}x`, `${id.slice(0, 42)}.`, "' OR 1=1 --"]) {
      expect(
        cookies.readSessionId(requestWithCookie(`app_session=${encodeURIComponent(bad)}`)),
      ).toBeUndefined();
    }
  });

  it('writes the session cookie httpOnly and the XSRF-TOKEN readable by scripts, with the configured attributes', () => {
    const c = cookiesWith(1, sessionSettings({ domain: 'example.com', sameSite: 'strict' }));
    const res = new FakeResponse();
    const id = randomId();
    c.write(res as unknown as FastifyReply, id, false);
    const [session, xsrf] = res.setCookies();
    expect(session).toMatch(new RegExp(`^app_session=${id};`));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Domain=example\.com/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).not.toMatch(/Max-Age/i); // a browser-session cookie without "remember me"
    expect(xsrf).toMatch(/^XSRF-TOKEN=/);
    expect(xsrf).not.toMatch(/HttpOnly/i);
    expect(c.verifyCsrf(id, res.cookie(XSRF_COOKIE))).toBe(true);
  });

  it('"remember me" gives both cookies the absolute lifetime, and rewriting replaces rather than repeats', () => {
    const res = new FakeResponse();
    const id = randomId();
    cookies.write(res as unknown as FastifyReply, id, true);
    cookies.write(res as unknown as FastifyReply, id, true);
    const lines = res.setCookies();
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/; Max-Age=2592000/i); // 43200 minutes
  });
});
