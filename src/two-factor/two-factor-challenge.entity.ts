import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

/** A bearer login waiting for its second factor: opaque, single use, 5 minutes, stored hashed. */
@Entity('two_factor_challenges')
export class TwoFactorChallenge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'challenge_hash', type: 'char', length: 64, unique: true })
  challengeHash: string;

  @Index()
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'device_name', type: 'varchar', length: 255, nullable: true })
  deviceName: string | null;

  @Column({ name: 'fcm_token', type: 'varchar', length: 4096, nullable: true })
  fcmToken: string | null;

  @Index()
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
