import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository, type EntityManager } from 'typeorm';
import { PasskeyChallenge, type ChallengePurpose } from './passkey-challenge.entity';
import { Passkey } from './passkey.entity';

@Injectable()
export class PasskeysRepository {
  constructor(
    @InjectRepository(Passkey) private readonly passkeys: Repository<Passkey>,
    @InjectRepository(PasskeyChallenge) private readonly challenges: Repository<PasskeyChallenge>,
  ) {}

  async insertChallenge(row: PasskeyChallenge): Promise<void> {
    await this.challenges.insert(row);
  }

  /** Expired challenges that nobody answered (the expires_at index keeps this cheap). */
  async pruneChallenges(now: Date): Promise<void> {
    await this.challenges.delete({ expiresAt: LessThan(now) });
  }

  /**
   * Single use: of concurrent requests answering one challenge, the DELETE returns the row to exactly
   * one; expired or already used, to none. `undefined`: no such challenge; else its user (or null).
   * With `userId`, only a challenge issued to that user matches (another user's stays usable).
   */
  async consumeChallenge(
    challenge: string,
    purpose: ChallengePurpose,
    now: Date,
    userId?: number,
  ): Promise<{ userId: number | null } | undefined> {
    // TypeORM answers a DELETE … RETURNING with [rows, affected].
    const [rows] = (await this.challenges.query(
      `DELETE FROM passkey_challenges
       WHERE challenge = $1 AND purpose = $2 AND expires_at > $3 AND ($4::int IS NULL OR user_id = $4)
       RETURNING user_id`,
      [challenge, purpose, now, userId ?? null],
    )) as [{ user_id: number | null }[], number];
    return rows[0] ? { userId: rows[0].user_id } : undefined;
  }

  findForUser(userId: number): Promise<Passkey[]> {
    return this.passkeys.find({ where: { userId }, order: { id: 'ASC' } });
  }

  findById(id: number): Promise<Passkey | null> {
    return this.passkeys.findOneBy({ id });
  }

  findByCredentialId(credentialId: string): Promise<Passkey | null> {
    return this.passkeys.findOneBy({ credentialId });
  }

  insert(row: Partial<Passkey>): Promise<Passkey> {
    return this.passkeys.save(this.passkeys.create(row));
  }

  async rename(id: number, userId: number, name: string): Promise<boolean> {
    const result = await this.passkeys.update({ id, userId }, { name });
    return (result.affected ?? 0) > 0;
  }

  /** Inside the transaction of UsersService.removeLoginMethod, which holds the user's row. */
  async deleteWithin(manager: EntityManager, id: number, userId: number): Promise<boolean> {
    const result = await manager.delete(Passkey, { id, userId });
    return (result.affected ?? 0) > 0;
  }

  countWithin(manager: EntityManager, userId: number): Promise<number> {
    return manager.countBy(Passkey, { userId });
  }

  /**
   * Stores the counter of a verified assertion only if it moved forward (or both are 0: passkeys
   * that keep no counter), in one statement: of two assertions racing with the same counter, one
   * is refused. False: the counter went backwards or stood still.
   */
  async recordUse(id: number, counter: number, now: Date): Promise<boolean> {
    const [, affected] = (await this.passkeys.query(
      `UPDATE passkeys SET counter = $2, last_used_at = $3
       WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))`,
      [id, counter, now],
    )) as [unknown, number];
    return affected === 1;
  }
}
