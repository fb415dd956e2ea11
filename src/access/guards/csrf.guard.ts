import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RequestSession } from '../../sessions/request-session';
import { SESSION_ROUTE_KEY } from '../../common/decorators/access.decorators';
import { CsrfMismatchException } from '../../common/errors/app-exceptions';
import { requestHeader } from '../../common/http/api-route';
import { StatefulDomains } from '../../common/http/stateful-domains';
import { routeMeta } from './route-metadata';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Second of the chain: unsafe requests that use a session must prove they come from the SPA.
 * The token may arrive as `X-XSRF-TOKEN` (axios' default), `X-CSRF-TOKEN` or a `_token` field.
 * Bearer requests without a session cookie never reach the check.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly requestSession: RequestSession,
    private readonly stateful: StatefulDomains,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE.has(req.method)) return true;
    const sessionRoute = routeMeta<boolean>(this.reflector, SESSION_ROUTE_KEY, ctx) ?? false;

    if (sessionRoute) {
      const source = this.stateful.requestSource(req);
      if (source !== null && !this.stateful.matchesHost(source)) throw new CsrfMismatchException();
      if (!this.requestSession.current(req)) throw new CsrfMismatchException();
    } else if (!this.requestSession.current(req)) {
      return true;
    }
    if (!this.requestSession.verifyCsrf(req, this.presentedToken(req))) throw new CsrfMismatchException();
    return true;
  }

  private presentedToken(req: FastifyRequest): string | undefined {
    // An empty header is no token: it must not hide the other one.
    const header = requestHeader(req, 'x-xsrf-token') || requestHeader(req, 'x-csrf-token');
    if (header) return header;
    const field = (req.body as { _token?: unknown } | undefined)?._token;
    return typeof field === 'string' ? field : undefined;
  }
}
