import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Mobile hand-off: a one-time code (60 s, stored hashed) that the app trades for a bearer token. */
@Entity('social_login_codes')
export class SocialLoginCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'code_hash', type: 'char', length: 64, unique: true })
  codeHash: string;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
