import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientDetails } from '../common/http/client-info';
import { SessionCookies } from './session-cookies';
import type { SessionWithUser } from './sessions.repository';
import { SessionsService, type StartedSession } from './sessions.service';

/** The request's loaded session and the cookie value it was found under. */
const SESSION_KEY = Symbol('session');
type WithSession = FastifyRequest & { [SESSION_KEY]?: StartedSession };

/**
 * The HTTP edge of sessions: reads the session cookie, keeps the loaded session on the request,
 * writes the session and XSRF-TOKEN cookies. The only sessions code that sees FastifyRequest/FastifyReply;
 * services get the session record as a value.
 */
@Injectable()
export class RequestSession {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookies: SessionCookies,
  ) {}

  /** Loads the request's session (if its cookie names a live one) and re-sends its XSRF token. */
  async load(req: FastifyRequest, res: FastifyReply): Promise<SessionWithUser | null> {
    const cookieId = this.cookies.readSessionId(req);
    const record = cookieId ? await this.sessions.resolve(cookieId) : null;
    if (!cookieId || !record) return null;
    (req as WithSession)[SESSION_KEY] = { record, cookieId };
    this.cookies.writeXsrf(res, cookieId, record.remember);
    return record;
  }

  current(req: FastifyRequest): SessionWithUser | undefined {
    return (req as WithSession)[SESSION_KEY]?.record;
  }

  verifyCsrf(req: FastifyRequest, token: string | undefined): boolean {
    const loaded = (req as WithSession)[SESSION_KEY];
    return !!loaded && this.cookies.verifyCsrf(loaded.cookieId, token);
  }

  /** Starts an anonymous session if the request has none (GET /sanctum/csrf-cookie, social redirects). */
  async ensure(req: FastifyRequest, res: FastifyReply): Promise<SessionWithUser> {
    const current = this.current(req);
    if (current) return current;
    const started = await this.sessions.start({ userId: null, remember: false, client: clientDetails(req) });
    this.adopt(req, res, started);
    return started.record;
  }

  /** Makes a session started by a service the request's own, and sends its cookies. */
  adopt(req: FastifyRequest, res: FastifyReply, started: StartedSession): void {
    (req as WithSession)[SESSION_KEY] = started;
    this.cookies.write(res, started.cookieId, started.record.remember);
  }

  /**
   * Logout: the row is deleted and a fresh anonymous session with a new XSRF token replaces it.
   * True only for the request that deleted the row: of several logouts of one session sent at once,
   * one ended it.
   */
  async end(req: FastifyRequest, res: FastifyReply): Promise<boolean> {
    const current = this.current(req);
    (req as WithSession)[SESSION_KEY] = undefined;
    const ended = current ? await this.sessions.revoke(current.id) : false;
    this.adopt(
      req,
      res,
      await this.sessions.start({ userId: null, remember: false, client: clientDetails(req) }),
    );
    return ended;
  }
}
