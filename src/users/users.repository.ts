import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { User } from './user.entity';

export interface ResourceParts {
  twoFactorEnabled: boolean;
  recoveryCodesRemaining: number;
  socialAccounts: string[];
}

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /**
   * Runs `work` in a transaction that holds the user's row (FOR SHARE) while its password is still
   * `passwordHash`; returns null, doing nothing, when it changed. A password change or reset updates
   * that row, so it either waits for `work` to commit (and then revokes what it made) or commits
   * first (and `work` is refused): no credential made from an old password survives the change.
   */
  whilePasswordIs<T>(
    userId: number,
    passwordHash: string | null,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T | null> {
    return this.users.manager.transaction(async (manager) => {
      const held: unknown[] = await manager.query(
        'SELECT 1 FROM users WHERE id = $1 AND password IS NOT DISTINCT FROM $2 FOR SHARE',
        [userId, passwordHash],
      );
      return held.length ? work(manager) : null;
    });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async emailTaken(email: string): Promise<boolean> {
    return (
      (await this.users
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email })
        .getCount()) > 0
    );
  }

  /** The core's rows the user resource shows besides the user itself, in one round trip. */
  async findResourceParts(userId: number): Promise<ResourceParts> {
    const rows: Record<string, unknown>[] = await this.users.query(
      `SELECT (SELECT t.confirmed_at IS NOT NULL FROM two_factor_authentications t WHERE t.user_id = $1) AS two_factor_enabled,
         (SELECT count(*)::int FROM two_factor_recovery_codes r WHERE r.user_id = $1) AS recovery_codes,
         (SELECT coalesce(array_agg(s.provider ORDER BY s.provider), '{}') FROM social_accounts s WHERE s.user_id = $1)
           AS social_accounts`,
      [userId],
    );
    const row = rows[0] as {
      two_factor_enabled: boolean | null;
      recovery_codes: number;
      social_accounts: string[];
    };
    return {
      twoFactorEnabled: row.two_factor_enabled === true,
      recoveryCodesRemaining: row.recovery_codes,
      socialAccounts: row.social_accounts,
    };
  }

  /**
   * Sets a new password only if the stored one is still `from` (one conditional statement): of two
   * changes racing from the same old password, one wins and the other sees false.
   */
  async replacePassword(userId: number, from: string | null, to: string): Promise<boolean> {
    const [, affected] = (await this.users.query(
      'UPDATE users SET password = $3 WHERE id = $1 AND password IS NOT DISTINCT FROM $2',
      [userId, from, to],
    )) as [unknown, number];
    return affected === 1;
  }

  async updateProfile(userId: number, changes: Partial<User>): Promise<void> {
    await this.users.update({ id: userId }, changes);
  }
}
