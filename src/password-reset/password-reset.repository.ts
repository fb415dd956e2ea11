import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository, type EntityManager } from 'typeorm';
import { PasswordReset } from './password-reset.entity';

export type ResetToken = Pick<PasswordReset, 'tokenHash' | 'expiresAt' | 'createdAt'>;

/** Matches no account: keeps the unknown-email path the same statements as the known one. */
const NO_USER = -1;

@Injectable()
export class PasswordResetRepository {
  constructor(@InjectRepository(PasswordReset) private readonly repo: Repository<PasswordReset>) {}

  /**
   * One transaction of the same shape for every request: the user's token replaces any older one,
   * or, for a null user, an UPDATE that matches no row runs in its place; then `alongside` runs in
   * the same transaction. Committed without waiting for the WAL flush (a lost reset token only
   * means asking again).
   */
  async saveToken(
    userId: number | null,
    token: ResetToken,
    alongside: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.repo.manager.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit TO OFF');
      const resets = manager.getRepository(PasswordReset);
      if (userId !== null) await resets.upsert({ userId, ...token }, ['userId']);
      else await resets.update({ userId: NO_USER }, token);
      await alongside(manager);
    });
  }

  /**
   * Consumes the user's unexpired token with one conditional DELETE, which makes it single use
   * under concurrency; for a null user the same DELETE runs and matches nothing.
   */
  async consume(userId: number | null, tokenHash: string, now: Date): Promise<boolean> {
    const result = await this.repo.delete({ userId: userId ?? NO_USER, tokenHash, expiresAt: MoreThan(now) });
    return (result.affected ?? 0) === 1;
  }
}
