import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { BrowserSessionsController } from './browser-sessions.controller';
import { BrowserSessionsService } from './browser-sessions.service';
import { CsrfCookieController } from './csrf-cookie.controller';
import { PruneScheduler } from './prune.scheduler';
import { RequestSession } from './request-session';
import { SessionCookies } from './session-cookies';
import { Session } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * Browser sessions (the cookie credential): their records, their cookies and CSRF token at the HTTP
 * edge (RequestSession), and the active-sessions panel.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Session]), TokensModule, UsersModule],
  controllers: [CsrfCookieController, BrowserSessionsController],
  providers: [
    SessionCookies,
    SessionsRepository,
    SessionsService,
    RequestSession,
    BrowserSessionsService,
    PruneScheduler,
  ],
  exports: [SessionsService, RequestSession, PruneScheduler],
})
export class SessionsModule {}
