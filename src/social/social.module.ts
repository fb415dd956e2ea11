import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { SocialAccount } from './social-account.entity';
import { SocialAccountsService } from './social-accounts.service';
import { SocialAccountsController, SocialRedirectController } from './social-auth.controller';
import { SocialLoginService } from './social-login.service';
import { SocialLoginMethods } from './social-login-methods';
import { SocialRedirects } from './social-redirects';
import { SocialUserResource } from './social-user-resource';
import { SocialLoginCode } from './social-login-code.entity';
import { SocialProviders } from './social-providers';
import { SocialProvidersController } from './social-providers.controller';
import { SocialRepository } from './social.repository';

/**
 * Google, Facebook and Twitter login and account linking (docs/http-contract.md §8), through @nestjs/passport
 * strategies.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([SocialAccount, SocialLoginCode]),
    AuthModule,
    SessionsModule,
    UsersModule,
  ],
  controllers: [SocialRedirectController, SocialAccountsController, SocialProvidersController],
  providers: [
    SocialProviders,
    SocialRepository,
    SocialAccountsService,
    SocialLoginService,
    SocialRedirects,
    SocialUserResource,
    SocialLoginMethods,
  ],
  exports: [SocialProviders, SocialUserResource, SocialLoginMethods],
})
export class SocialModule {
  /**
   * Fills the user resource's `social_accounts`; counts linked providers as ways to log in
   * (collected by ExtensionPointsModule).
   */
  static readonly extensions = { userResource: [SocialUserResource], loginMethods: [SocialLoginMethods] };
}
