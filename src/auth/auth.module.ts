import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { EmailVerificationModule } from '../email-verification/email-verification.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { AttemptToAuthenticateAction } from './actions/attempt-to-authenticate.action';
import { BatchLoginAction } from './actions/batch-login.action';
import { CompleteTwoFactorLoginAction } from './actions/complete-two-factor-login.action';
import { RegisterUserAction } from './actions/register-user.action';
import { ApiAuthController } from './api-auth.controller';
import { AuthService } from './auth.service';
import { SpaAuthController } from './spa-auth.controller';
import { LocalStrategy } from './strategies/local.strategy';
import {
  ApiTwoFactorChallengeController,
  SpaTwoFactorChallengeController,
} from './two-factor-challenge.controller';

@Module({
  imports: [PassportModule, UsersModule, SessionsModule, TwoFactorModule, EmailVerificationModule],
  controllers: [
    SpaAuthController,
    ApiAuthController,
    SpaTwoFactorChallengeController,
    ApiTwoFactorChallengeController,
  ],
  providers: [
    AuthService,
    RegisterUserAction,
    AttemptToAuthenticateAction,
    BatchLoginAction,
    CompleteTwoFactorLoginAction,
    LocalStrategy,
  ],
  exports: [AuthService, AttemptToAuthenticateAction, RegisterUserAction],
})
export class AuthModule {}
