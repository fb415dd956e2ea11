import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Not, Repository } from 'typeorm';
import { TwoFactorAuthentication } from './two-factor.entity';
import { TwoFactorChallenge } from './two-factor-challenge.entity';
import { TwoFactorRecoveryCode } from './recovery-code.entity';

@Injectable()
export class TwoFactorRepository {
  constructor(
    @InjectRepository(TwoFactorAuthentication)
    private readonly credentials: Repository<TwoFactorAuthentication>,
    @InjectRepository(TwoFactorRecoveryCode) private readonly codes: Repository<TwoFactorRecoveryCode>,
    @InjectRepository(TwoFactorChallenge) private readonly challenges: Repository<TwoFactorChallenge>,
  ) {}

  findCredential(userId: number): Promise<TwoFactorAuthentication | null> {
    return this.credentials.findOneBy({ userId });
  }

  /** Per user: whether 2FA is confirmed and how many recovery codes are left, in one query. */
  async statusOf(userIds: number[]): Promise<Map<number, { enabled: boolean; codes: number }>> {
    if (!userIds.length) return new Map();
    const rows: { user_id: number; enabled: boolean; codes: number }[] = await this.credentials.query(
      `SELECT t.user_id, t.confirmed_at IS NOT NULL AS enabled,
         (SELECT count(*)::int FROM two_factor_recovery_codes r WHERE r.user_id = t.user_id) AS codes
       FROM two_factor_authentications t WHERE t.user_id = ANY($1)`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, { enabled: r.enabled, codes: r.codes }]));
  }

  async isConfirmed(userId: number): Promise<boolean> {
    return this.credentials.exists({ where: { userId, confirmedAt: Not(IsNull()) } });
  }

  /**
   * Replaces an unconfirmed credential (or creates one) with its codes, in one transaction whose
   * first statement is a conditional upsert: an active (confirmed) credential is never replaced,
   * even by a request racing the confirmation. Returns false when it was left alone.
   */
  async replaceUnconfirmedCredential(
    userId: number,
    secretEncrypted: string,
    codes: Omit<TwoFactorRecoveryCode, 'id'>[],
  ): Promise<boolean> {
    return this.credentials.manager.transaction(async (m) => {
      const written: unknown[] = await m.query(
        `INSERT INTO two_factor_authentications (user_id, secret_encrypted, confirmed_at, last_used_step)
         VALUES ($1, $2, NULL, NULL)
         ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, last_used_step = NULL,
           created_at = now()
         WHERE two_factor_authentications.confirmed_at IS NULL
         RETURNING user_id`,
        [userId, secretEncrypted],
      );
      if (!written.length) return false;
      await m.delete(TwoFactorRecoveryCode, { userId });
      await m.insert(TwoFactorRecoveryCode, codes);
      return true;
    });
  }

  /** Activates the credential only if it still holds the secret the code was checked against. */
  async confirm(userId: number, secretEncrypted: string, at: Date): Promise<boolean> {
    const result = await this.credentials
      .createQueryBuilder()
      .update()
      .set({ confirmedAt: at })
      .where('user_id = :userId AND secret_encrypted = :secretEncrypted AND confirmed_at IS NULL', {
        userId,
        secretEncrypted,
      })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async remove(userId: number): Promise<void> {
    await this.credentials.manager.transaction(async (m) => {
      await m.delete(TwoFactorRecoveryCode, { userId });
      await m.delete(TwoFactorAuthentication, { userId });
      await m.delete(TwoFactorChallenge, { userId });
    });
  }

  /**
   * Claims a TOTP time step with one conditional UPDATE: of several concurrent requests carrying
   * the same code, exactly one sees a row come back.
   */
  async claimStep(userId: number, step: number): Promise<boolean> {
    const result = await this.credentials
      .createQueryBuilder()
      .update()
      .set({ lastUsedStep: String(step) })
      .where('user_id = :userId AND (last_used_step IS NULL OR last_used_step < :step)', { userId, step })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  listCodes(userId: number): Promise<TwoFactorRecoveryCode[]> {
    return this.codes.find({ where: { userId }, order: { id: 'ASC' } });
  }

  countCodes(userId: number): Promise<number> {
    return this.codes.countBy({ userId });
  }

  async replaceCodes(userId: number, codes: Omit<TwoFactorRecoveryCode, 'id'>[]): Promise<void> {
    await this.codes.manager.transaction(async (m) => {
      await m.delete(TwoFactorRecoveryCode, { userId });
      await m.insert(TwoFactorRecoveryCode, codes);
    });
  }

  /** Uses a recovery code: one DELETE, so concurrent uses of one code succeed exactly once. */
  async consumeCode(userId: number, codeHash: string): Promise<boolean> {
    const result = await this.codes.delete({ userId, codeHash });
    return (result.affected ?? 0) === 1;
  }

  async insertChallenge(row: Omit<TwoFactorChallenge, 'id'>): Promise<void> {
    await this.challenges.insert(row);
  }

  findChallenge(challengeHash: string): Promise<TwoFactorChallenge | null> {
    return this.challenges.findOneBy({ challengeHash });
  }

  /** Single use: only the request whose DELETE removes the row may finish the login. */
  async consumeChallenge(id: string): Promise<boolean> {
    const result = await this.challenges.delete({ id });
    return (result.affected ?? 0) === 1;
  }

  async deleteExpiredChallenges(now: Date): Promise<number> {
    return (await this.challenges.delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }
}
