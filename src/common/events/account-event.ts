import type { EntityManager } from 'typeorm';
import type { ClientDetails } from '../http/client-info';

/** Everything security-relevant that happens to an account; the security log records each one. */
export enum AccountEventKind {
  Login = 'login',
  LoginFailed = 'login_failed',
  Logout = 'logout',
  SessionCreated = 'session_created',
  SessionRevoked = 'session_revoked',
  TokenCreated = 'token_created',
  TokenRevoked = 'token_revoked',
  PasswordConfirmed = 'password_confirmed',
  PasswordConfirmationFailed = 'password_confirmation_failed',
  PasswordChanged = 'password_changed',
  Registered = 'registered',
  TwoFactorEnabled = 'two_factor_enabled',
  TwoFactorConfirmed = 'two_factor_confirmed',
  TwoFactorDisabled = 'two_factor_disabled',
  RecoveryCodesRegenerated = 'two_factor_recovery_codes_regenerated',
  RecoveryCodeUsed = 'two_factor_recovery_code_used',
  TwoFactorFailed = 'two_factor_failed',
  TwoFactorChallenged = 'two_factor_challenged',
  EmailVerificationRequested = 'email_verification_requested',
  EmailVerified = 'email_verified',
  PasswordResetRequested = 'password_reset_requested',
  PasswordReset = 'password_reset',
  SocialLogin = 'social_login',
  SocialLinked = 'social_linked',
  SocialUnlinked = 'social_unlinked',
  PasskeyRegistered = 'passkey_registered',
  PasskeyRenamed = 'passkey_renamed',
  PasskeyRemoved = 'passkey_removed',
  PasskeyLogin = 'passkey_login',
  /** A verified assertion whose signature counter did not move forward: a cloned authenticator? */
  PasskeyCounterRollback = 'passkey_counter_rollback',
}

export type AccountEventMetadata = Record<string, string | number | boolean | null>;

/**
 * A domain event: something happened to an account. Published by the feature that did it, through
 * AccountEvents; listeners (the security log, notice mails, an application's own) react to it.
 */
export class AccountEvent {
  constructor(
    readonly kind: AccountEventKind,
    /** Null when no account is known (a failed login for an unknown email). */
    readonly userId: number | null,
    readonly client: ClientDetails | null,
    readonly metadata: AccountEventMetadata = {},
    /**
     * The publisher's open transaction: listeners that write must write through it (the embedded
     * database has a single connection, and the entry belongs to the same commit).
     */
    readonly transaction?: EntityManager,
  ) {}

  /** The event name listeners subscribe to: `account.<kind>`, or `account.*` for all. */
  get name(): string {
    return accountEventName(this.kind);
  }
}

export const accountEventName = (kind: AccountEventKind | '*'): string => `account.${kind}`;
