import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * The session's server-side data: entries written by the modules that own them (two-factor's
 * pending login, social's OAuth state, the password confirmation time), each under its own key.
 */
export type SessionPayload = Record<string, unknown>;

/** A typed key of the session payload; the module that owns the entry declares it. */
export type SessionSlot<T> = string & { readonly __slot?: T };
export const sessionSlot = <T>(key: string): SessionSlot<T> => key;

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
