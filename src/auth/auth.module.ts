import { Module } from '@nestjs/common';
import { EmailVerificationModule } from '../email-verification/email-verification.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { BatchLoginAction } from './actions/batch-login.action';
import { CompleteTwoFactorLoginAction } from './actions/complete-two-factor-login.action';
import { RegisterUserAction } from './actions/register-user.action';
import { ApiAuthController } from './api-auth.controller';
import { LoginPipeline } from './login/login-pipeline';
import { LOGIN_STEPS } from './login/login.types';
import { SessionLoginResponder } from './login/session-login.responder';
import { AttemptToAuthenticate } from './login/steps/attempt-to-authenticate.step';
import { IssueCredential } from './login/steps/issue-credential.step';
import { RedirectIfTwoFactorAuthenticatable } from './login/steps/redirect-if-two-factor.step';
import { LogoutAction } from './logout.action';
import { ConfirmPasswordController } from './passwords/confirm-password.controller';
import { PasswordConfirmationService } from './passwords/password-confirmation.service';
import { PasswordReplacement } from './passwords/password-replacement';
import { PasswordController } from './passwords/password.controller';
import { UpdatePasswordAction } from './passwords/update-password.action';
import { SpaAuthController } from './spa-auth.controller';
import {
  ApiTwoFactorChallengeController,
  SpaTwoFactorChallengeController,
} from './two-factor-challenge.controller';

/**
 * Logging in and out (the login pipeline and its entry points), registration, and passwords
 * (change, confirmation, the replacement that password reset shares).
 */
@Module({
  imports: [UsersModule, SessionsModule, TokensModule, TwoFactorModule, EmailVerificationModule],
  controllers: [
    SpaAuthController,
    ApiAuthController,
    SpaTwoFactorChallengeController,
    ApiTwoFactorChallengeController,
    ConfirmPasswordController,
    PasswordController,
  ],
  providers: [
    LoginPipeline,
    AttemptToAuthenticate,
    RedirectIfTwoFactorAuthenticatable,
    IssueCredential,
    {
      // The steps in order; an application replaces this provider to add, drop or reorder steps.
      provide: LOGIN_STEPS,
      useFactory: (...steps: unknown[]) => steps,
      inject: [AttemptToAuthenticate, RedirectIfTwoFactorAuthenticatable, IssueCredential],
    },
    SessionLoginResponder,
    LogoutAction,
    RegisterUserAction,
    BatchLoginAction,
    CompleteTwoFactorLoginAction,
    PasswordConfirmationService,
    PasswordReplacement,
    UpdatePasswordAction,
  ],
  exports: [
    LoginPipeline,
    SessionLoginResponder,
    RegisterUserAction,
    PasswordReplacement,
    PasswordConfirmationService,
  ],
})
export class AuthModule {}
