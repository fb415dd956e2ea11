import {
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../../users/user.entity';

/** A user following an artist (a user holding the producer role). */
@Entity('artist_follows')
export class ArtistFollow {
  @PrimaryColumn({ name: 'follower_id', type: 'int' })
  followerId: number;

  @Index()
  @PrimaryColumn({ name: 'artist_id', type: 'int' })
  artistId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id' })
  follower?: Relation<User>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'artist_id' })
  artist?: Relation<User>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
