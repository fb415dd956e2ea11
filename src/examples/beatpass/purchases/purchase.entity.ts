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
import { User } from '../../../users/user.entity';
import { Track } from '../tracks/track.entity';

export type PurchaseStatus = 'pending' | 'completed' | 'failed';

/**
 * A purchase of a track. `initiate` creates it pending at the track's price; the payment provider's
 * confirmation (outside this backend) completes it. Only completed purchases count as `purchased`.
 */
@Entity('purchases')
// At most one pending purchase per buyer and track, even under concurrent initiations.
@Index('purchases_one_pending_per_track', ['userId', 'trackId'], {
  unique: true,
  where: `"status" = 'pending'`,
})
export class Purchase {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Index()
  @Column({ name: 'track_id', type: 'int' })
  trackId: number;

  @ManyToOne(() => Track, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'track_id' })
  track?: Relation<Track>;

  @Column({ type: 'numeric', precision: 10, scale: 2 })
  amount: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: PurchaseStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
