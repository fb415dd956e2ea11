import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Role } from '../common/auth/role.enum';
import { Currency } from './currency.entity';

export interface AdultContentSettings {
  enabled: boolean;
  blur_previews: boolean;
}

export const DEFAULT_ADULT_CONTENT: AdultContentSettings = { enabled: false, blur_previews: true };

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

  @Column({ name: 'currency_id', type: 'int' })
  currencyId: number;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency_id' })
  currency?: Relation<Currency>;

  @Column({ name: 'fee_percentage', type: 'numeric', precision: 5, scale: 2, nullable: true })
  feePercentage: string | null;

  /** The master account this one is managed under (Fangate multi-account). */
  @Column({ name: 'master_id', type: 'int', nullable: true })
  masterId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'master_id' })
  master?: Relation<User>;

  /** The affiliate whose invite code this account registered with. */
  @Column({ name: 'referred_by_id', type: 'int', nullable: true })
  referredById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'referred_by_id' })
  referredBy?: Relation<User>;

  @Column({ name: 'adult_content', type: 'jsonb', default: {} })
  adultContent: Partial<AdultContentSettings>;

  @Column({ type: 'jsonb', default: {} })
  features: Record<string, boolean>;

  @Column({ name: 'avatar_url', type: 'varchar', length: 2048, nullable: true })
  avatarUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
