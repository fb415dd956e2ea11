import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { PasswordConfirmationRequiredException } from '../../common/errors/app-exceptions';
import { PasswordConfirmationService } from './password-confirmation.service';

/** 423 `Password confirmation required.` unless the caller confirmed within PASSWORD_TIMEOUT. */
@Injectable()
export class PasswordConfirmedGuard implements CanActivate {
  constructor(private readonly confirmation: PasswordConfirmationService) {}

  canActivate(ctx: ExecutionContext): boolean {
    const auth = ctx.switchToHttp().getRequest<Request>().auth;
    if (!auth || !this.confirmation.isConfirmed(auth)) throw new PasswordConfirmationRequiredException();
    return true;
  }
}

/** For sensitive routes (2FA management, unlinking a provider, …): needs a recent POST /user/confirm-password. */
export const RequirePasswordConfirmation = () =>
  applyDecorators(
    UseGuards(PasswordConfirmedGuard),
    ApiResponse({ status: 423, description: 'Password confirmation required.' }),
  );
