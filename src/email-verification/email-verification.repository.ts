import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository, type EntityManager } from 'typeorm';
import { EmailVerification } from './email-verification.entity';

/** Matches no row: the update that keeps the no-mail branch the same shape as the insert. */
const NO_ROW = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class EmailVerificationRepository {
  constructor(@InjectRepository(EmailVerification) private readonly repo: Repository<EmailVerification>) {}

  /**
   * One transaction of the same shape whether or not a link is sent: the link is inserted when
   * `send`, otherwise an UPDATE of the same row that matches nothing runs in its place; then
   * `alongside` runs in the same transaction.
   */
  async saveLink(
    row: Omit<EmailVerification, 'id'>,
    send: boolean,
    alongside: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.repo.manager.transaction(async (manager) => {
      const links = manager.getRepository(EmailVerification);
      if (send) await links.insert(row);
      else await links.update({ id: NO_ROW }, row);
      await alongside(manager);
    });
  }

  findByTokenHash(tokenHash: string): Promise<EmailVerification | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  /** Single use under concurrency: only the request whose UPDATE matches may verify. */
  async claim(id: string, now: Date): Promise<boolean> {
    const claimed = await this.repo.update(
      { id, usedAt: IsNull(), expiresAt: MoreThan(now) },
      { usedAt: now, verifiedAt: now },
    );
    return !!claimed.affected;
  }

  /** Deletes the link opened (verified) after `since` for this token and email: true for one caller only. */
  async consumeVerified(tokenHash: string, email: string, since: Date): Promise<boolean> {
    const claimed = await this.repo
      .createQueryBuilder()
      .delete()
      .where('token_hash = :hash AND lower(email) = lower(:email)', { hash: tokenHash, email })
      .andWhere('verified_at IS NOT NULL AND verified_at > :since', { since })
      .execute();
    return (claimed.affected ?? 0) === 1;
  }
}
