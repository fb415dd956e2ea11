import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { LoginCredentialsDto } from '../dto/login.dto';

/**
 * Guards run before pipes, so the credentials are validated here first: a missing field is a
 * Laravel 422, not passport-local's bare 401, and is never counted as a failed attempt.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = createValidationPipe();

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    await this.pipe.transform(req.body ?? {}, { type: 'body', metatype: LoginCredentialsDto });
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err || !user) throw err ?? new UnauthorizedException();
    return user;
  }
}
