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

export const CONSENT_ANSWERS = ['accepted', 'declined'] as const;
export type ConsentStatus = 'pending' | (typeof CONSENT_ANSWERS)[number];

/**
 * A creator tags a user on one of their products; the tagged user answers. The answer is the
 * tagged user's alone: only they may read or answer the tag.
 */
@Entity('consent_tags')
@Index('consent_tags_product_user_unique', ['productId', 'taggedUserId'], { unique: true })
export class ConsentTag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'product_id', type: 'int' })
  productId: number;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Index()
  @Column({ name: 'tagged_user_id', type: 'int' })
  taggedUserId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tagged_user_id' })
  taggedUser?: Relation<User>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ConsentStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
