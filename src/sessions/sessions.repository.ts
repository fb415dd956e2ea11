import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Not, Repository, type EntityManager } from 'typeorm';
import { RawRows } from '../common/database/raw-rows';
import { PreparedStatements } from '../database/prepared-statements';
import { User } from '../users/user.entity';
import { Session } from './session.entity';

export type SessionWithUser = Session;

@Injectable()
export class SessionsRepository {
  private readonly sessionRows: RawRows<Session>;
  private readonly userRows: RawRows<User>;

  constructor(
    @InjectRepository(Session) private readonly repo: Repository<Session>,
    private readonly prepared: PreparedStatements,
  ) {
    this.sessionRows = new RawRows(repo.manager.connection, Session, 's');
    this.userRows = new RawRows(repo.manager.connection, User, 'u');
  }

  /** The one indexed query of a session cache miss: the session and its user. */
  async findByTokenHashWithUser(tokenHash: string): Promise<SessionWithUser | null> {
    const rows = await this.prepared.query(
      'auth_session_by_hash',
      `SELECT ${this.sessionRows.select}, ${this.userRows.select} FROM sessions s ` +
        `LEFT JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    const session = rows[0] && this.sessionRows.hydrate(rows[0]);
    if (!session) return null;
    session.user = this.userRows.hydrate(rows[0]);
    return session;
  }

  insert(row: Omit<Session, 'id'>, manager?: EntityManager): Promise<Session> {
    const repo = manager ? manager.getRepository(Session) : this.repo;
    return repo.save(repo.create(row));
  }

  /** Throttled idle-time bookkeeping: conditional, so concurrent requests write at most once. */
  async touch(id: string, now: Date, olderThan: Date): Promise<void> {
    await this.repo.update({ id, lastActivityAt: LessThan(olderThan) }, { lastActivityAt: now });
  }

  /** Sets one payload entry without touching the others (concurrent writers of other keys keep theirs). */
  async setPayloadEntry(id: string, key: string, value: unknown): Promise<void> {
    await this.repo.query(
      `UPDATE sessions SET payload = payload || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`,
      [id, key, JSON.stringify(value)],
    );
  }

  /**
   * Removes one payload entry if it still holds `expected` (compare-and-swap in one statement):
   * of concurrent requests that read the same entry, exactly one gets true.
   */
  async takePayloadEntry(id: string, key: string, expected: unknown): Promise<boolean> {
    const [, affected] = (await this.repo.query(
      `UPDATE sessions SET payload = payload - $2::text WHERE id = $1 AND payload -> $2::text = $3::jsonb`,
      [id, key, JSON.stringify(expected)],
    )) as [unknown, number];
    return affected === 1;
  }

  /** The user's live sessions, most recently active first. */
  listLiveForUser(userId: number, activeAfter: Date, createdAfter: Date): Promise<Session[]> {
    // Remembered sessions are exempt from idle expiry.
    return this.repo.find({
      where: [
        { userId, lastActivityAt: MoreThan(activeAfter), createdAt: MoreThan(createdAfter) },
        { userId, remember: true, createdAt: MoreThan(createdAfter) },
      ],
      order: { lastActivityAt: 'DESC', createdAt: 'DESC' },
    });
  }

  findById(id: string): Promise<Session | null> {
    return this.repo.findOneBy({ id });
  }

  /** Deletes the user's sessions except `exceptId`; returns the ids that were removed. */
  async deleteForUser(userId: number, exceptId?: string): Promise<string[]> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .where({ userId, ...(exceptId && { id: Not(exceptId) }) })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  /** True for the one request whose DELETE removed the row. */
  async deleteById(id: string, manager?: EntityManager): Promise<boolean> {
    return (
      ((await (manager ? manager.getRepository(Session) : this.repo).delete({ id })).affected ?? 0) === 1
    );
  }

  async deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .where('(last_activity_at < :idleBefore AND NOT remember) OR created_at < :createdBefore', {
        idleBefore,
        createdBefore,
      })
      .execute();
    return result.affected ?? 0;
  }
}
