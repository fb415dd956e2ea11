import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum SecurityEventKind {
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
}

/**
 * Append-only audit trail (a trigger in the migration refuses UPDATE and DELETE). `user_id` has no
 * foreign key on purpose: the history must outlive the account it describes.
 */
@Entity('security_events')
@Index(['userId', 'createdAt'])
export class SecurityEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: Record<string, string | number | boolean | null>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
