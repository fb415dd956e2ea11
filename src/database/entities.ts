import { EmailVerification } from '../email-verification/email-verification.entity';
import { PasswordReset } from '../password-reset/password-reset.entity';
import { SocialAccount } from '../social/social-account.entity';
import { SocialLoginCode } from '../social/social-login-code.entity';
import { SecurityEvent } from '../security-events/security-event.entity';
import { PersonalAccessToken } from '../sessions/personal-access-token.entity';
import { Session } from '../sessions/session.entity';
import { TwoFactorRecoveryCode } from '../two-factor/recovery-code.entity';
import { TwoFactorChallenge } from '../two-factor/two-factor-challenge.entity';
import { TwoFactorAuthentication } from '../two-factor/two-factor.entity';
import { User } from '../users/user.entity';

/**
 * The core's entities, listed explicitly: globs break between the tsc (CommonJS) build and jest (ESM).
 * Example products list their own (src/examples/<name>/entities.ts); database/schema.ts adds them.
 */
export const CORE_ENTITIES = [
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
];
