import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { PendingLoginService } from './pending-login.service';
import { TwoFactorRecoveryCode } from './recovery-code.entity';
import { TwoFactorChallenge } from './two-factor-challenge.entity';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorAuthentication } from './two-factor.entity';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorUserResource } from './two-factor-user-resource';

/**
 * TOTP two-factor authentication (docs/http-contract.md §7): setup and recovery codes here; the login
 * challenge routes live with the login pipeline in the auth module and call this module's services.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([TwoFactorAuthentication, TwoFactorRecoveryCode, TwoFactorChallenge]),
    SessionsModule,
  ],
  controllers: [TwoFactorController],
  providers: [TwoFactorRepository, TwoFactorService, PendingLoginService, TwoFactorUserResource],
  exports: [TwoFactorService, PendingLoginService, TwoFactorUserResource],
})
export class TwoFactorModule {
  /** Fills the user resource's 2FA fields (collected by ExtensionPointsModule). */
  static readonly extensions = { userResource: [TwoFactorUserResource] };
}
