import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Currency } from './currency.entity';
import { User } from '../../../users/user.entity';

/** Provisioned at registration with the account's currency; bank details are filled in later. */
@Entity('payout_accounts')
export class PayoutAccount {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'int', unique: true })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'currency_id', type: 'int' })
  currencyId: number;

  @ManyToOne(() => Currency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'currency_id' })
  currency?: Relation<Currency>;

  @Column({ name: 'bank_name', type: 'varchar', length: 120, nullable: true })
  bankName: string | null;

  @Column({ name: 'account_holder', type: 'varchar', length: 200, nullable: true })
  accountHolder: string | null;

  /** AES-256-GCM ciphertext; only the last four digits are ever shown. */
  @Column({ name: 'account_number_encrypted', type: 'text', nullable: true })
  accountNumberEncrypted: string | null;

  @Column({ name: 'account_number_last4', type: 'varchar', length: 4, nullable: true })
  accountNumberLast4: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
