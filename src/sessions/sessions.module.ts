import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CsrfCookieController } from './csrf-cookie.controller';
import { PersonalAccessToken } from './personal-access-token.entity';
import { SessionCookies } from './session-cookies';
import { Session } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

/** Browser sessions and personal access tokens: the two credentials the guard chain resolves. */
@Module({
  imports: [TypeOrmModule.forFeature([Session, PersonalAccessToken])],
  controllers: [CsrfCookieController],
  providers: [SessionCookies, SessionsRepository, SessionsService, TokensRepository, TokensService],
  exports: [SessionsService, TokensService],
})
export class SessionsModule {}
