import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth-context';
import { tokenCan } from '../../common/auth/abilities';
import { Role } from '../../common/auth/role.enum';
import { ABILITIES_KEY, ROLES_KEY } from '../../common/decorators/access.decorators';
import { AUTH_ERRORS } from '../../common/errors/error-codes';
import { routeMeta } from './route-metadata';

/**
 * Third of the chain: declared token abilities, then declared roles (admins hold every role).
 * Row-level policies come next (ResourcePolicyGuard, `@UsePolicy`), or in services that load the
 * row themselves (OwnershipService.authorize / requireOwner).
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = routeMeta<Role[]>(this.reflector, ROLES_KEY, ctx) ?? [];
    const abilities = routeMeta<string[]>(this.reflector, ABILITIES_KEY, ctx) ?? [];
    if (!roles.length && !abilities.length) return true;
    const auth = ctx.switchToHttp().getRequest<FastifyRequest>().auth;
    if (!auth) throw new UnauthorizedException();
    if (!abilities.every((a) => PolicyGuard.tokenCan(auth, a)))
      throw new ForbiddenException(AUTH_ERRORS.INVALID_ABILITY);
    const held = auth.user.roles;
    if (roles.length && !held.includes(Role.Admin) && !roles.some((r) => held.includes(r))) {
      throw new ForbiddenException();
    }
    return true;
  }

  static tokenCan(auth: AuthContext, ability: string): boolean {
    return auth.kind === 'session' || tokenCan(auth.token.abilities, ability);
  }
}
