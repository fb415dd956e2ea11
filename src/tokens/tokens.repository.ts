import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Not, Or, Repository, type EntityManager } from 'typeorm';
import { RawRows } from '../common/database/raw-rows';
import { PreparedStatements } from '../database/prepared-statements';
import { User } from '../users/user.entity';
import { PersonalAccessToken } from './personal-access-token.entity';

export type TokenWithUser = PersonalAccessToken;

@Injectable()
export class TokensRepository {
  private readonly tokenRows: RawRows<PersonalAccessToken>;
  private readonly userRows: RawRows<User>;

  constructor(
    @InjectRepository(PersonalAccessToken) private readonly repo: Repository<PersonalAccessToken>,
    private readonly prepared: PreparedStatements,
  ) {
    this.tokenRows = new RawRows(repo.manager.connection, PersonalAccessToken, 't');
    this.userRows = new RawRows(repo.manager.connection, User, 'u');
  }

  /** The one indexed query of a bearer cache miss: by primary key (or by hash), with the user. */
  async findWithUser(where: { id: string } | { tokenHash: string }): Promise<TokenWithUser | null> {
    const [column, value] = 'id' in where ? ['id', where.id] : ['token_hash', where.tokenHash];
    const rows = await this.prepared.query(
      `auth_token_by_${column}`,
      `SELECT ${this.tokenRows.select}, ${this.userRows.select} FROM personal_access_tokens t ` +
        `JOIN users u ON u.id = t.user_id WHERE t.${column} = $1`,
      [value],
    );
    const token = rows[0] && this.tokenRows.hydrate(rows[0]);
    if (!token) return null;
    token.user = this.userRows.hydrate(rows[0])!;
    return token;
  }

  insert(row: Omit<PersonalAccessToken, 'id'>, manager?: EntityManager): Promise<PersonalAccessToken> {
    const repo = manager ? manager.getRepository(PersonalAccessToken) : this.repo;
    return repo.save(repo.create(row));
  }

  async markUsed(id: string, now: Date, olderThan: Date): Promise<void> {
    await this.repo.update({ id, lastUsedAt: Or(IsNull(), LessThan(olderThan)) }, { lastUsedAt: now });
  }

  async clearPushToken(userId: number, fcmToken: string): Promise<void> {
    await this.repo.update({ userId, fcmToken }, { fcmToken: null });
  }

  listByName(userId: number, name: string): Promise<PersonalAccessToken[]> {
    return this.repo.find({ where: { userId, name }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findById(id: string): Promise<PersonalAccessToken | null> {
    return this.repo.findOneBy({ id });
  }

  async markPasswordConfirmed(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { passwordConfirmedAt: at });
  }

  async deleteForUser(userId: number, exceptId?: string): Promise<string[]> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .where({ userId, ...(exceptId && { id: Not(exceptId) }) })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => String(r.id));
  }

  /** True for the one request whose DELETE removed the row. */
  async deleteById(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) === 1;
  }

  async deleteExpired(now: Date, createdBefore?: Date): Promise<number> {
    const qb = this.repo.createQueryBuilder().delete().where('expires_at < :now', { now });
    if (createdBefore) qb.orWhere('created_at < :createdBefore', { createdBefore });
    return (await qb.execute()).affected ?? 0;
  }
}
