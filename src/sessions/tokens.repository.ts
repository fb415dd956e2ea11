import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Or, IsNull, Repository } from 'typeorm';
import { PersonalAccessToken } from './personal-access-token.entity';

export type TokenWithUser = PersonalAccessToken;

@Injectable()
export class TokensRepository {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly repo: Repository<PersonalAccessToken>,
  ) {}

  /** The one indexed query per bearer request: by primary key (or by hash), with the user. */
  findWithUser(where: { id: string } | { tokenHash: string }): Promise<TokenWithUser | null> {
    const qb = this.repo.createQueryBuilder('t').innerJoinAndSelect('t.user', 'u');
    return (
      'id' in where
        ? qb.where('t.id = :id', { id: where.id })
        : qb.where('t.token_hash = :hash', { hash: where.tokenHash })
    ).getOne();
  }

  insert(row: Omit<PersonalAccessToken, 'id'>): Promise<PersonalAccessToken> {
    return this.repo.save(this.repo.create(row));
  }

  async markUsed(id: string, now: Date, olderThan: Date): Promise<void> {
    await this.repo.update({ id, lastUsedAt: Or(IsNull(), LessThan(olderThan)) }, { lastUsedAt: now });
  }

  async clearPushToken(userId: number, fcmToken: string): Promise<void> {
    await this.repo.update({ userId, fcmToken }, { fcmToken: null });
  }

  async deleteById(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  async deleteExpired(now: Date, createdBefore?: Date): Promise<number> {
    const qb = this.repo.createQueryBuilder().delete().where('expires_at < :now', { now });
    if (createdBefore) qb.orWhere('created_at < :createdBefore', { createdBefore });
    return (await qb.execute()).affected ?? 0;
  }
}
