import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../common/auth/role.enum';

/**
 * The account the core authenticates. Products keep their own per-user data in their own tables, keyed
 * by user id (Fangate: fangate_accounts), never as columns here.
 */
@Entity('users')
// Case-insensitive uniqueness lives in the migration as a unique index on lower(email).
@Index('users_email_lower_unique', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 255 })
  email: string;

  /** bcrypt hash; null for accounts created through a social provider. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  password: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ type: 'text', array: true, default: '{}' })
  roles: Role[];

  /** Per-user feature flags, shown as they are in the user resource. */
  @Column({ type: 'jsonb', default: {} })
  features: Record<string, boolean>;

  @Column({ name: 'avatar_url', type: 'varchar', length: 2048, nullable: true })
  avatarUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
