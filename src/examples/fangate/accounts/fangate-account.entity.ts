import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../../users/user.entity';
import type { AdultContentSettings } from './adult-content';
import { Currency } from './currency.entity';

/**
 * Fangate's side of a user account, one row per user, made at registration: the account's currency,
 * fee, master account or referrer, and content settings. These lived on `users` before Fangate was
 * an example module of its own.
 */
@Entity('fangate_accounts')
export class FangateAccount {
  @PrimaryColumn({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'currency_id', type: 'int' })
  currencyId: number;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency_id' })
  currency?: Relation<Currency>;

  @Column({ name: 'fee_percentage', type: 'numeric', precision: 5, scale: 2, nullable: true })
  feePercentage: string | null;

  /** The master account this one is managed under (multi-account). */
  @Column({ name: 'master_id', type: 'int', nullable: true })
  masterId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'master_id' })
  master?: Relation<User>;

  /** The affiliate whose invite code this account registered with (indexed: referral counts). */
  @Index()
  @Column({ name: 'referred_by_id', type: 'int', nullable: true })
  referredById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'referred_by_id' })
  referredBy?: Relation<User>;

  @Column({ name: 'adult_content', type: 'jsonb', default: {} })
  adultContent: Partial<AdultContentSettings>;
}
