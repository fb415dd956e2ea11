import { InitialSchema1795377791046 } from './1795377791046-InitialSchema';
import { SecurityEvents1795378249999 } from './1795378249999-SecurityEvents';
import { TwoFactor1795378575822 } from './1795378575822-TwoFactor';
import { EmailVerificationAndPasswordReset1795378825822 } from './1795378825822-EmailVerificationAndPasswordReset';
import { SocialAccounts1795379486778 } from './1795379486778-SocialAccounts';
import { Passkeys1796167820297 } from './1796167820297-Passkeys';
import { SecurityEventRequestId1796168729022 } from './1796168729022-SecurityEventRequestId';

/**
 * The core's migrations in order; listed explicitly because globs differ between the tsc build and
 * jest (ESM). Example products keep theirs in src/examples/<name>/migrations/.
 */
export const CORE_MIGRATIONS = [
  InitialSchema1795377791046,
  SecurityEvents1795378249999,
  TwoFactor1795378575822,
  EmailVerificationAndPasswordReset1795378825822,
  SocialAccounts1795379486778,
  Passkeys1796167820297,
  SecurityEventRequestId1796168729022,
];
