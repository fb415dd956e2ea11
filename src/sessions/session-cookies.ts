import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parse, type SerializeOptions } from 'cookie';
import Tokens from 'csrf';
import { createHmac, hkdfSync } from 'node:crypto';
import { CryptoSettings, SessionSettings } from '../config/settings';
import { setCookie } from '../common/http/cookies';

export const XSRF_COOKIE = 'XSRF-TOKEN';

/**
 * Cookie names and attributes, and the CSRF token of a session. The CSRF secret is an HMAC of the
 * session id, so it rotates whenever the id does and needs no storage; tokens are salted per
 * response by the `csrf` package (BREACH-safe) and verified in constant time.
 */
@Injectable()
export class SessionCookies {
  private readonly tokens = new Tokens({ saltLength: 16 });
  private readonly csrfKey: Buffer;

  constructor(
    private readonly settings: SessionSettings,
    private readonly crypto: CryptoSettings,
  ) {
    this.csrfKey = Buffer.from(hkdfSync('sha256', crypto.appKey, Buffer.alloc(0), 'csrf-secret', 32));
  }

  get name(): string {
    return this.settings.cookie;
  }

  readSessionId(req: FastifyRequest): string | undefined {
    const header = req.headers.cookie;
    if (!header) return undefined;
    const value = parse(header)[this.name];
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }

  /** Writes the session cookie and a fresh XSRF-TOKEN for it. */
  write(res: FastifyReply, sessionId: string, remember: boolean): void {
    const base = this.attributes(remember);
    setCookie(res, this.name, sessionId, { ...base, httpOnly: true });
    this.writeXsrf(res, sessionId, remember);
  }

  writeXsrf(res: FastifyReply, sessionId: string, remember: boolean): void {
    setCookie(res, XSRF_COOKIE, this.tokens.create(this.secretFor(sessionId)), this.attributes(remember));
  }

  verifyCsrf(sessionId: string, token: string | undefined): boolean {
    if (!token || token.length > 256) return false;
    return this.tokens.verify(this.secretFor(sessionId), token);
  }

  private secretFor(sessionId: string): string {
    return createHmac('sha256', this.csrfKey).update(sessionId).digest('base64url');
  }

  private attributes(remember: boolean): SerializeOptions {
    const s = this.settings;
    return {
      path: '/',
      sameSite: s.sameSite,
      secure: s.secure,
      domain: s.domain,
      // Without "remember me" the cookie dies with the browser; the server enforces both lifetimes anyway.
      maxAge: remember ? s.absoluteLifetimeMinutes * 60 : undefined,
    };
  }
}
