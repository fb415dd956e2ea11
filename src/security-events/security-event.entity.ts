import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountEventMetadata } from '../common/events/account-event';

/**
 * Append-only audit trail (a trigger in the migration refuses UPDATE and DELETE). `user_id` has no
 * foreign key on purpose: the history must outlive the account it describes.
 */
@Entity('security_events')
@Index(['userId', 'createdAt'])
export class SecurityEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ name: 'ip_address', type: 'varchar', length: 45, nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  /** The X-Request-Id of the request that caused the event (as in the access log and on its response). */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: AccountEventMetadata;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
