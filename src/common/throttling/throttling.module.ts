import { Global, Module } from '@nestjs/common';
import { IpRateLimitGuard } from './ip-rate-limit.guard';
import { ThrottleService } from './throttle.service';

@Global()
@Module({ providers: [ThrottleService, IpRateLimitGuard], exports: [ThrottleService, IpRateLimitGuard] })
export class ThrottlingModule {}
