import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Clock } from '../../common/clock/clock';
import {
  PASSWORD_CONFIRMATION_KEY,
  type PasswordConfirmationRule,
} from '../../common/decorators/access.decorators';
import { PasswordConfirmationRequiredException } from '../../common/errors/app-exceptions';
import { PasswordSettings } from '../../config/settings';
import type { AuthContext } from '../auth-context';
import { isPasswordConfirmed } from '../password-confirmation';
import { routeMeta } from './route-metadata';

/**
 * Last of the chain, for routes marked `@RequirePasswordConfirmation()`: 423 `Password
 * confirmation required.` unless the caller confirmed within PASSWORD_TIMEOUT (or, for
 * `if-password` routes, the account has no password to confirm).
 */
@Injectable()
export class PasswordConfirmedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly clock: Clock,
    private readonly passwordSettings: PasswordSettings,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const rule = routeMeta<PasswordConfirmationRule>(this.reflector, PASSWORD_CONFIRMATION_KEY, ctx);
    if (!rule) return true;
    const { auth } = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (rule === 'if-password' && auth && !auth.user.password) return true;
    return this.assertConfirmed(auth);
  }

  assertConfirmed(auth: AuthContext | undefined): true {
    if (
      !auth ||
      !isPasswordConfirmed(auth, this.clock.nowMs(), this.passwordSettings.confirmationTimeoutSeconds)
    )
      throw new PasswordConfirmationRequiredException();
    return true;
  }
}
