import { CredentialCacheModule } from './credential-cache/credential-cache.module';
import { DynamicModule, Module } from '@nestjs/common';
import { SettingsModule } from './config/settings.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { AccessModule } from './access/access.module';
import { ThrottlingModule } from './common/throttling/throttling.module';
import { AppConfig } from './config/auth.config';
import { DatabaseModule, type DatabaseSettings } from './database/database.module';
import { appSchema } from './core-schema';
import { EmailVerificationModule } from './email-verification/email-verification.module';
import { HealthController } from './health.controller';
import { MailModule } from './mail/mail.module';
import { PasswordResetModule } from './password-reset/password-reset.module';
import { PasskeysModule } from './passkeys/passkeys.module';
import { OwnershipModule } from './ownership/ownership.module';
import { RolesModule } from './roles/roles.module';
import { TokensModule } from './tokens/tokens.module';
import { SecurityEventsModule } from './security-events/security-events.module';
import { SessionsModule } from './sessions/sessions.module';
import { SocialModule } from './social/social.module';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { UsersModule } from './users/users.module';
import { EXAMPLE_MODULES } from './examples';
import type { ExampleModule } from './extensions/example-module';
import { ExtensionPointsModule } from './extensions/extension-points.module';

/** The core: authentication, users, sessions and tokens, 2FA, social login, passkeys, mail, the security log. */
export const CORE_MODULES = [
  CommonModule,
  CredentialCacheModule,
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
  PasskeysModule,
];

export interface AppComposition {
  /** The example products composed in beside the core: EXAMPLE_MODULES unless given; [] for the core alone. */
  examples?: readonly ExampleModule[];
}

/**
 * Built from an already validated config and a resolved database, so main.ts, the tests and the
 * benchmark boot exactly the same application. The data source gets the entities and migrations of
 * the core and of each example composed in.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    database: DatabaseSettings,
    { examples = EXAMPLE_MODULES }: AppComposition = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(config),
        DatabaseModule.forRoot({ poolSize: config.databasePoolSize, ...database }, appSchema(examples)),
        ...CORE_MODULES,
        // The core's own contributors first: the user resource keeps its documented field order.
        ExtensionPointsModule.forRoot([TwoFactorModule, SocialModule, PasskeysModule, ...examples]),
        ...examples,
      ],
      controllers: [HealthController],
    };
  }
}
