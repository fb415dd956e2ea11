import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

export type ChallengePurpose = 'registration' | 'login';

/**
 * A WebAuthn challenge handed out with a set of options, keyed by its own value: the browser signs
 * it into clientDataJSON, so the answer names the challenge it answers and no per-client state is
 * needed. Single use (deleted when consumed) and short-lived. Not a secret: the client saw it.
 */
@Entity('passkey_challenges')
@Index(['expiresAt'])
export class PasskeyChallenge {
  /** base64url of 32 random bytes. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  challenge: string;

  @Column({ type: 'varchar', length: 20 })
  purpose: ChallengePurpose;

  /** Registration: the user registering. Email-first login: the account the options were for. */
  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
