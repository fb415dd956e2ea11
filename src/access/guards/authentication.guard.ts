import {
  CanActivate,
  ExecutionContext,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FeatureSettings } from '../../config/settings';
import type { Feature } from '../../config/auth.config';
import { RequestSession } from '../../sessions/request-session';
import { TokensService } from '../../tokens/tokens.service';
import {
  ACCESS_KEY,
  FEATURE_KEY,
  SESSION_ROUTE_KEY,
  type Access,
} from '../../common/decorators/access.decorators';
import { requestHeader } from '../../common/http/api-route';
import { StatefulDomains } from '../../common/http/stateful-domains';
import { mergedRouteMeta, routeMeta } from './route-metadata';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * First of the global chain. Resolves the caller from the session cookie (session routes, and
 * first-party requests per STATEFUL_DOMAINS) or else from `Authorization: Bearer`, and attaches
 * `req.auth`. Routes are closed (401) unless marked @Public() or @OptionalAuth().
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly features: FeatureSettings,
    private readonly stateful: StatefulDomains,
    private readonly requestSession: RequestSession,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const features = mergedRouteMeta<Feature[]>(this.reflector, FEATURE_KEY, ctx);
    if (features.some((f) => !this.features.has(f))) throw new NotFoundException();

    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const res = ctx.switchToHttp().getResponse<FastifyReply>();
    const access = routeMeta<Access>(this.reflector, ACCESS_KEY, ctx) ?? 'authenticated';
    const sessionRoute = routeMeta<boolean>(this.reflector, SESSION_ROUTE_KEY, ctx) ?? false;

    if (this.features.has('sessions') && (sessionRoute || this.stateful.isFirstParty(req))) {
      const session = await this.requestSession.load(req, res);
      if (session?.user) req.auth = { kind: 'session', user: session.user, session };
    }

    // Session routes speak cookies only; public routes never need the bearer lookup.
    if (!req.auth && !sessionRoute && access !== 'public' && this.features.has('tokens')) {
      const raw = BEARER.exec(requestHeader(req, 'authorization') ?? '')?.[1];
      const token = raw ? await this.tokens.authenticate(raw) : null;
      if (token?.user) req.auth = { kind: 'token', user: token.user, token };
    }

    if (!req.auth && access === 'authenticated') throw new UnauthorizedException();
    return true;
  }
}
