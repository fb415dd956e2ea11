import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Role } from '../auth/role.enum';
import { ROLES_KEY } from '../decorators/access.decorators';
import { routeMeta } from './route-metadata';

/** Last of the chain: declared roles (admins pass every check). Row ownership is the services' job. */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = routeMeta<Role[]>(this.reflector, ROLES_KEY, ctx);
    if (!roles?.length) return true;
    const user = ctx.switchToHttp().getRequest<Request>().auth?.user;
    if (!user) throw new UnauthorizedException();
    if (user.roles.includes(Role.Admin) || roles.some((r) => user.roles.includes(r))) return true;
    throw new ForbiddenException();
  }
}
