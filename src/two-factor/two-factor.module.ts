import { Module } from '@nestjs/common';

/**
 * TOTP two-factor authentication with recovery codes (API.md §7). The foundation only reserves the
 * module; the two-factor issue fills it.
 */
@Module({})
export class TwoFactorModule {}
