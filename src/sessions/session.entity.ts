import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

/** An OAuth redirect in progress (social module); secrets inside are single use and short-lived. */
export interface OAuthFlowState {
  flow: {
    provider: 'google' | 'facebook' | 'twitter';
    intent: 'login' | 'link';
    client: 'web' | 'app';
    appLink?: string;
    linkUserId?: number;
  };
  stateHash?: string;
  verifier?: string;
  requestToken?: string;
  requestTokenSecret?: string;
  expiresAt: number;
}

export interface SessionPayload {
  /** Epoch ms of the last password confirmation in this session. */
  passwordConfirmedAt?: number;
  /** A password login waiting for its second factor; the session is not authenticated meanwhile. */
  pendingLogin?: { userId: number; remember: boolean; expiresAt: number };
  oauth?: OAuthFlowState;
}

/**
 * A browser session. The cookie carries a random id; only its SHA-256 is stored, so a database
 * leak does not hand out live sessions. `id` is the opaque public id shown in the sessions panel.
 */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Index()
  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User> | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'jsonb', default: {} })
  payload: SessionPayload;

  @Column({ type: 'boolean', default: false })
  remember: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index()
  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt: Date;
}
