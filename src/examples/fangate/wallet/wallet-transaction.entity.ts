import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../../users/user.entity';
import { Product } from '../products/product.entity';

export type WalletTransactionKind = 'sale' | 'affiliate_commission' | 'payout' | 'refund';
export type WalletTransactionStatus = 'pending' | 'completed' | 'failed';

/**
 * The creator's ledger: credits (sales, affiliate commissions) are positive, debits (payouts,
 * refunds) negative. Wallet, affiliate and dashboard figures are sums over these rows. Rows are
 * written by the payment side (outside this example); the API only reads them.
 */
@Entity('wallet_transactions')
export class WalletTransaction {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  kind: WalletTransactionKind;

  @Column({ type: 'varchar', length: 16, default: 'completed' })
  status: WalletTransactionStatus;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ name: 'product_id', type: 'int', nullable: true })
  productId: number | null;

  @ManyToOne(() => Product, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
