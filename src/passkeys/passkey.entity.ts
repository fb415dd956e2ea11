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
import { User } from '../users/user.entity';

/** Signature counters are 32-bit; bigint keeps the column unsigned-safe, read back as a number. */
const counterColumn = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * A WebAuthn credential of a user. Only public material: the credential id and the public key
 * (COSE) that verifies its assertions; the private key never leaves the authenticator.
 */
@Entity('passkeys')
@Index(['userId'])
export class Passkey {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** base64url, as browsers send it in `id`. */
  @Column({ name: 'credential_id', type: 'varchar', length: 1400, unique: true })
  credentialId: string;

  @Column({ name: 'public_key', type: 'bytea' })
  publicKey: Buffer;

  @Column({ type: 'bigint', default: 0, transformer: counterColumn })
  counter: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  transports: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  aaguid: string | null;

  /** Synced passkeys (iCloud, Google) report `multiDevice` and usually no counter. */
  @Column({ name: 'device_type', type: 'varchar', length: 20 })
  deviceType: string;

  @Column({ name: 'backed_up', type: 'boolean', default: false })
  backedUp: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
