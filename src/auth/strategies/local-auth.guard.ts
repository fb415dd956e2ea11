import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Strategy } from 'passport';
import { runStrategy } from '../../common/auth/run-strategy';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { User } from '../../users/user.entity';
import { LoginCredentialsDto } from '../dto/login.dto';
import { LocalStrategy } from './local.strategy';

/**
 * The password login edge. Guards run before pipes, so the credentials are validated here first:
 * a missing field is a Laravel 422, not passport-local's bare 401, and is never counted as an
 * attempt. The strategy is this app's own instance (see runStrategy).
 */
@Injectable()
export class LocalAuthGuard implements CanActivate {
  private readonly pipe = createValidationPipe();

  constructor(private readonly strategy: LocalStrategy) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    await this.pipe.transform(req.body ?? {}, { type: 'body', metatype: LoginCredentialsDto });
    const outcome = await runStrategy<User>(
      this.strategy as unknown as Strategy,
      req,
      ctx.switchToHttp().getResponse<Response>(),
    );
    if (outcome.kind === 'error') throw outcome.error;
    if (outcome.kind !== 'success') throw new UnauthorizedException();
    req.user = outcome.user;
    return true;
  }
}
