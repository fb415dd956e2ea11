import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository, type EntityManager } from 'typeorm';
import { SocialAccount } from './social-account.entity';
import { SocialLoginCode } from './social-login-code.entity';

@Injectable()
export class SocialRepository {
  constructor(
    @InjectRepository(SocialAccount) private readonly accounts: Repository<SocialAccount>,
    @InjectRepository(SocialLoginCode) private readonly codes: Repository<SocialLoginCode>,
  ) {}

  findByIdentity(provider: string, providerUserId: string): Promise<SocialAccount | null> {
    return this.accounts.findOneBy({ provider, providerUserId });
  }

  /** Inside the caller's transaction (required there: the embedded database has one connection). */
  async insertWithin(manager: EntityManager, row: Partial<SocialAccount>): Promise<void> {
    await manager.getRepository(SocialAccount).insert(row);
  }

  /** Per user: the linked providers' names, sorted. */
  async providersOf(userIds: number[]): Promise<Map<number, string[]>> {
    if (!userIds.length) return new Map();
    const rows: { user_id: number; providers: string[] }[] = await this.accounts.query(
      `SELECT user_id, array_agg(provider ORDER BY provider) AS providers
       FROM social_accounts WHERE user_id = ANY($1) GROUP BY user_id`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, r.providers]));
  }

  findForUser(userId: number, provider?: string): Promise<SocialAccount[]> {
    return this.accounts.find({
      where: { userId, ...(provider && { provider }) },
      order: { createdAt: 'ASC' },
    });
  }

  save(row: Partial<SocialAccount>): Promise<SocialAccount> {
    return this.accounts.save(this.accounts.create(row));
  }

  async updateTokens(id: number, changes: Partial<SocialAccount>): Promise<void> {
    await this.accounts.update({ id }, changes);
  }

  /** Inside the transaction of UsersService.removeLoginMethod, which holds the user's row. */
  async deleteWithin(manager: EntityManager, userId: number, provider: string): Promise<boolean> {
    const result = await manager.delete(SocialAccount, { userId, provider });
    return (result.affected ?? 0) > 0;
  }

  async countWithin(manager: EntityManager, userId: number): Promise<number> {
    return manager.countBy(SocialAccount, { userId });
  }

  async insertCode(row: Omit<SocialLoginCode, 'id'>): Promise<void> {
    await this.codes.insert(row);
  }

  /** Single use: the DELETE succeeds for exactly one request; expired codes never match. */
  async consumeCode(codeHash: string, now: Date): Promise<SocialLoginCode | null> {
    const result = await this.codes
      .createQueryBuilder()
      .delete()
      .where({ codeHash, expiresAt: MoreThan(now) })
      .returning(['userId', 'provider'])
      .execute();
    const row = (result.raw as { user_id: number; provider: string }[])[0];
    return row ? Object.assign(new SocialLoginCode(), { userId: row.user_id, provider: row.provider }) : null;
  }
}
