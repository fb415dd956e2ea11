import { DynamicModule, Module } from '@nestjs/common';
import { SettingsModule } from './config/settings.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { AccessModule } from './access/access.module';
import { ThrottlingModule } from './common/throttling/throttling.module';
import { AppConfig } from './config/auth.config';
import { DatabaseModule, type DatabaseSettings } from './database/database.module';
import { EmailVerificationModule } from './email-verification/email-verification.module';
import { HealthController } from './health.controller';
import { MailModule } from './mail/mail.module';
import { PasswordResetModule } from './password-reset/password-reset.module';
import { OwnershipModule } from './ownership/ownership.module';
import { RolesModule } from './roles/roles.module';
import { TokensModule } from './tokens/tokens.module';
import { SecurityEventsModule } from './security-events/security-events.module';
import { SessionsModule } from './sessions/sessions.module';
import { SocialModule } from './social/social.module';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { UsersModule } from './users/users.module';
import { CatalogModule } from './catalog/catalog.module';
import { CreatorStudioModule } from './creator-studio/creator-studio.module';

/**
 * Built from an already validated config and a resolved database, so main.ts, the tests and the
 * benchmark boot exactly the same application.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(config),
        DatabaseModule.forRoot(database),
        CommonModule,
        ThrottlingModule,
        AccessModule,
        SecurityEventsModule,
        UsersModule,
        SessionsModule,
        TokensModule,
        AuthModule,
        TwoFactorModule,
        SocialModule,
        OwnershipModule,
        RolesModule,
        MailModule,
        EmailVerificationModule,
        PasswordResetModule,
        CatalogModule,
        CreatorStudioModule,
      ],
      controllers: [HealthController],
    };
  }
}
