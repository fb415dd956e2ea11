import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Not, Repository, type EntityManager } from 'typeorm';
import { Session } from './session.entity';

export type SessionWithUser = Session;

@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(Session) private readonly repo: Repository<Session>) {}

  /** The one indexed query per session-authenticated request: the session and its user. */
  findByTokenHashWithUser(tokenHash: string): Promise<SessionWithUser | null> {
    return this.repo
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.user', 'u')
      .where('s.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  insert(row: Omit<Session, 'id'>, manager?: EntityManager): Promise<Session> {
    const repo = manager ? manager.getRepository(Session) : this.repo;
    return repo.save(repo.create(row));
  }

  async rotate(id: string, changes: Partial<Session>): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  /** Throttled idle-time bookkeeping: conditional, so concurrent requests write at most once. */
  async touch(id: string, now: Date, olderThan: Date): Promise<void> {
    await this.repo.update({ id, lastActivityAt: LessThan(olderThan) }, { lastActivityAt: now });
  }

  async updatePayload(id: string, payload: Session['payload']): Promise<void> {
    await this.repo.update({ id }, { payload });
  }

  /** The user's live sessions, most recently active first. */
  listLiveForUser(userId: number, activeAfter: Date, createdAfter: Date): Promise<Session[]> {
    return this.repo.find({
      where: { userId, lastActivityAt: MoreThan(activeAfter), createdAt: MoreThan(createdAfter) },
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

  async deleteById(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  async deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .where('last_activity_at < :idleBefore OR created_at < :createdBefore', { idleBefore, createdBefore })
      .execute();
    return result.affected ?? 0;
  }
}
