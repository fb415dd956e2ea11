import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * One row per unused recovery code, so that using one is a single atomic DELETE. The code is kept
 * encrypted (to show it again) and as a keyed hash (to find it without decrypting every row).
 */
@Entity('two_factor_recovery_codes')
@Index(['userId', 'codeHash'], { unique: true })
export class TwoFactorRecoveryCode {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ name: 'code_encrypted', type: 'text' })
  codeEncrypted: string;
}
