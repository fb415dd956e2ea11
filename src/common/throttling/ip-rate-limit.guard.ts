import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ThrottleSettings } from '../../config/settings';
import { clientIp } from '../http/client-info';
import { ThrottleService } from './throttle.service';

const IP_LIMIT_KEY = 'throttle:ip';

/**
 * IP_RATE_LIMIT requests a minute per IP on this credential endpoint (429 past it). It runs before
 * the body is validated and before any credential is checked, so every attempt counts.
 */
export const IpRateLimit = (name: string) =>
  applyDecorators(SetMetadata(IP_LIMIT_KEY, name), UseGuards(IpRateLimitGuard));

@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: ThrottleService,
    private readonly throttling: ThrottleSettings,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<string>(IP_LIMIT_KEY, ctx.getHandler());
    const ip = clientIp(ctx.switchToHttp().getRequest<FastifyRequest>()) ?? 'unknown';
    await this.throttle.hit(
      { name: `ip:${name}`, points: this.throttling.ipRateLimit, durationSeconds: 60 },
      ip,
    );
    return true;
  }
}
