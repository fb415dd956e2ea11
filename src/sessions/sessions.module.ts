import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActiveSessionsService } from './active-sessions.service';
import { ApiTokensController } from './api-tokens.controller';
import { BrowserSessionsController } from './browser-sessions.controller';
import { CsrfCookieController } from './csrf-cookie.controller';
import { ConfirmPasswordController } from './password-confirmation/confirm-password.controller';
import { PasswordConfirmationService } from './password-confirmation/password-confirmation.service';
import { PasswordConfirmedGuard } from './password-confirmation/password-confirmed.guard';
import { PersonalAccessToken } from './personal-access-token.entity';
import { PruneScheduler } from './prune.scheduler';
import { SessionCookies } from './session-cookies';
import { Session } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

/**
 * Browser sessions and personal access tokens (the two credentials the guard chain resolves), the
 * active-sessions panel, token management and password confirmation.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Session, PersonalAccessToken])],
  controllers: [
    CsrfCookieController,
    BrowserSessionsController,
    ApiTokensController,
    ConfirmPasswordController,
  ],
  providers: [
    SessionCookies,
    SessionsRepository,
    SessionsService,
    TokensRepository,
    TokensService,
    ActiveSessionsService,
    PasswordConfirmationService,
    PasswordConfirmedGuard,
    PruneScheduler,
  ],
  exports: [
    SessionsService,
    TokensService,
    PasswordConfirmationService,
    PasswordConfirmedGuard,
    PruneScheduler,
  ],
})
export class SessionsModule {}
