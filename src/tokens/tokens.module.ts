import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiTokensController } from './api-tokens.controller';
import { PersonalAccessToken } from './personal-access-token.entity';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';
import { LoginTokensService } from './login-tokens.service';

/** Personal access tokens: the bearer credential of API and mobile clients, and their management. */
@Module({
  imports: [TypeOrmModule.forFeature([PersonalAccessToken])],
  controllers: [ApiTokensController],
  providers: [TokensRepository, TokensService, LoginTokensService],
  exports: [TokensService],
})
export class TokensModule {}
