import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { LoginMethodRemoval } from './login-methods';
import { User } from './user.entity';

/** Thrown inside the transaction to roll a removal back. */
class LastLoginMethod extends Error {}

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

  /**
   * Runs `remove` (true: it removed something) while holding the user's row FOR UPDATE, and rolls it
   * back when the account is then left with no password and `othersLeft` counts nothing. Every
   * removal of a login method takes the same row lock, so two removals racing for an account's last
   * two methods run one after the other and the second one sees the first one's result.
   */
  async removeLoginMethod(
    userId: number,
    remove: (manager: EntityManager) => Promise<boolean>,
    othersLeft: (manager: EntityManager) => Promise<number>,
  ): Promise<LoginMethodRemoval> {
    try {
      return await this.users.manager.transaction(async (manager) => {
        const [user]: { has_password: boolean }[] = await manager.query(
          'SELECT password IS NOT NULL AS has_password FROM users WHERE id = $1 FOR UPDATE',
          [userId],
        );
        if (!user || !(await remove(manager))) return 'missing';
        if (!user.has_password && (await othersLeft(manager)) === 0) throw new LastLoginMethod();
        return 'removed';
      });
    } catch (err) {
      if (err instanceof LastLoginMethod) return 'last';
      throw err;
    }
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

  createWithin(manager: EntityManager, fields: Partial<User> & Pick<User, 'email'>): Promise<User> {
    const users = manager.getRepository(User);
    return users.save(users.create({ features: {}, ...fields }));
  }
}
