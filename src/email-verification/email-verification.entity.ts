import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One verification request. A link opened before the account exists leaves `verifiedAt` set here,
 * and registration with that email then starts verified.
 */
@Entity('email_verifications')
export class EmailVerification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  /** Where the client wants to land after the link (used only if it matches APP_LINK_ALLOWLIST). */
  @Column({ name: 'app_link', type: 'varchar', length: 2048, nullable: true })
  appLink: string | null;

  @Column({ name: 'request_source', type: 'varchar', length: 64, nullable: true })
  requestSource: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
