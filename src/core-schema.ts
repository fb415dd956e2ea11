import { CORE_MIGRATIONS } from './database/migrations';
import { databaseSchema, type DatabaseSchema, type SchemaPart } from './database/schema';
import { EXAMPLE_MODULES } from './examples';
import { EmailVerification } from './email-verification/email-verification.entity';
import { PasswordReset } from './password-reset/password-reset.entity';
import { Passkey } from './passkeys/passkey.entity';
import { PasskeyChallenge } from './passkeys/passkey-challenge.entity';
import { SocialAccount } from './social/social-account.entity';
import { SocialLoginCode } from './social/social-login-code.entity';
import { SecurityEvent } from './security-events/security-event.entity';
import { PersonalAccessToken } from './tokens/personal-access-token.entity';
import { Session } from './sessions/session.entity';
import { TwoFactorRecoveryCode } from './two-factor/recovery-code.entity';
import { TwoFactorChallenge } from './two-factor/two-factor-challenge.entity';
import { TwoFactorAuthentication } from './two-factor/two-factor.entity';
import { User } from './users/user.entity';

/**
 * The core's entities, listed explicitly: globs break between the tsc (CommonJS) build and jest (ESM).
 * Listed here, in the app's composition, because each belongs to its module, above the database layer.
 * Example products list their own (src/examples/<name>/entities.ts).
 */
const CORE_ENTITIES = [
  User,
  Session,
  PersonalAccessToken,
  SecurityEvent,
  TwoFactorAuthentication,
  TwoFactorRecoveryCode,
  TwoFactorChallenge,
  EmailVerification,
  PasswordReset,
  SocialAccount,
  SocialLoginCode,
  Passkey,
  PasskeyChallenge,
];

/** The core's tables: its entities and its migrations (src/database/migrations). */
export const CORE_SCHEMA: SchemaPart = { entities: CORE_ENTITIES, migrations: CORE_MIGRATIONS };

/**
 * The data source's lists: the core's tables plus those of each example composed in (all of them
 * unless told otherwise), so a product left out brings neither its entities nor its migrations.
 */
export const appSchema = (examples: readonly SchemaPart[] = EXAMPLE_MODULES): DatabaseSchema =>
  databaseSchema([CORE_SCHEMA, ...examples]);
