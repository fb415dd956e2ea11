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

/** A BeatPass track, owned by the producer who uploaded it. */
@Entity('tracks')
export class Track {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'producer_id', type: 'int' })
  producerId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'producer_id' })
  producer?: Relation<User>;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Decimal string as PostgreSQL returns numerics (no float rounding on the way through). */
  @Column({ type: 'numeric', precision: 10, scale: 2, default: 0 })
  price: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
