import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../../config/auth.config';
import { clientIp } from '../http/client-info';
import { ThrottleService } from './throttle.service';

const IP_LIMIT_KEY = 'throttle:ip';

/**
 * IP_RATE_LIMIT requests a minute per IP on this credential endpoint (429 past it). The guard goes
 * first among the route's own guards whatever the decorator order: stacked decorators apply bottom-up,
 * so with UseGuards the password check (LocalAuthGuard) ran first and failed logins were never counted.
 */
export const IpRateLimit =
  (name: string): MethodDecorator =>
  (target, key, descriptor) => {
    SetMetadata(IP_LIMIT_KEY, name)(target, key, descriptor);
    const handler = descriptor.value as object;
    const guards = (Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(GUARDS_METADATA, [IpRateLimitGuard, ...guards], handler);
  };

@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: ThrottleService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<string>(IP_LIMIT_KEY, ctx.getHandler());
    const ip = clientIp(ctx.switchToHttp().getRequest<Request>()) ?? 'unknown';
    await this.throttle.hit({ name: `ip:${name}`, points: this.config.ipRateLimit, durationSeconds: 60 }, ip);
    return true;
  }
}
