import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { checkedOf } from '../credential-cache/checked-versions';
import { CredentialCache } from '../credential-cache/credential-cache';
import { CredentialKeys } from '../credential-cache/credential-keys';
import { validateExtensionFields } from '../common/validation/extension-fields';
import { PROFILE_EXTENSIONS, type ProfileExtension } from './profile-extension';
import { LOGIN_METHOD_COUNTERS, type LoginMethodCounter, type LoginMethodRemoval } from './login-methods';
import {
  USER_RESOURCE_CONTRIBUTORS,
  type UserResourceContributor,
  type UserResourcePart,
} from './user-resource-contributor';
import { toUserResponse, type UserResponseDto } from './dto/user-response.dto';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { User } from './user.entity';
import type { Role } from '../common/auth/role.enum';
import type { Page } from '../common/http/pagination';
import { UserRolesRepository, type UserListFilter } from './user-roles.repository';

export type { UserListFilter };
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly roles: UserRolesRepository,
    @Inject(USER_RESOURCE_CONTRIBUTORS) private readonly contributors: UserResourceContributor[],
    @Inject(PROFILE_EXTENSIONS) private readonly profileExtensions: ProfileExtension[],
    @Inject(LOGIN_METHOD_COUNTERS) private readonly loginMethods: LoginMethodCounter[],
    private readonly cache: CredentialCache,
  ) {}

  /** Adds the role unless held; null when no user has this email. */
  async addRole(email: string, role: Role): Promise<User | null> {
    return this.changed(await this.roles.addRole(email, role));
  }

  async removeRole(email: string, role: Role): Promise<User | null> {
    return this.changed(await this.roles.removeRole(email, role));
  }

  async setRoles(userId: number, roles: Role[]): Promise<void> {
    await this.roles.setRoles(userId, roles);
    await this.userChanged(userId);
  }

  /**
   * What the credential cache holds of the user (the user row, the user resource) is stale: called
   * after every change to them, here and by the modules that contribute to the resource.
   */
  userChanged(userId: number): Promise<void> {
    return this.cache.userChanged(userId);
  }

  private async changed(user: User | null): Promise<User | null> {
    if (user) await this.userChanged(user.id);
    return user;
  }

  /** The admin list: by id, filtered by a search term and a role. */
  list(page: Page, filter: UserListFilter): Promise<{ items: User[]; total: number }> {
    return this.roles.list(page, filter);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repo.findByEmail(email);
  }

  emailTaken(email: string): Promise<boolean> {
    return this.repo.emailTaken(email);
  }

  /** Inserts a user in the caller's transaction (registration adds its extensions' rows beside it). */
  createWithin(manager: EntityManager, fields: Partial<User> & Pick<User, 'email'>): Promise<User> {
    return this.repo.createWithin(manager, fields);
  }

  findById(id: number): Promise<User | null> {
    return this.repo.findById(id);
  }

  /** See UsersRepository.whilePasswordIs: `work` runs only while the password is still `passwordHash`. */
  whilePasswordIs<T>(
    userId: number,
    passwordHash: string | null,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T | null> {
    return this.repo.whilePasswordIs(userId, passwordHash, work);
  }

  /**
   * Removes one way to log in (a linked provider, a passkey) unless it is the account's last one:
   * `last` then, and nothing changed. `remove` runs in the transaction that holds the user's row;
   * the password and every module's LoginMethodCounter are counted after it, in that transaction.
   */
  removeLoginMethod(
    userId: number,
    remove: (manager: EntityManager) => Promise<boolean>,
  ): Promise<LoginMethodRemoval> {
    return this.repo.removeLoginMethod(userId, remove, async (manager) => {
      let left = 0;
      // One after another: they share the transaction's connection.
      for (const counter of this.loginMethods) left += await counter.count(manager, userId);
      return left;
    });
  }

  /** Sets the password whatever it was (a reset by emailed token). */
  async setPassword(userId: number, hash: string): Promise<void> {
    await this.repo.updateProfile(userId, { password: hash });
    await this.userChanged(userId);
  }

  async markEmailVerified(userId: number, at: Date): Promise<void> {
    await this.repo.updateProfile(userId, { emailVerifiedAt: at });
    await this.userChanged(userId);
  }

  /** See UsersRepository.replacePassword: false when the stored hash is no longer `from`. */
  async replacePassword(userId: number, from: string | null, to: string): Promise<boolean> {
    const replaced = await this.repo.replacePassword(userId, from, to);
    if (replaced) await this.userChanged(userId);
    return replaced;
  }

  /** From the credential cache while the user is unchanged (see CredentialCache.derived). */
  resource(user: User): Promise<UserResponseDto> {
    return this.cache.derived(`resource:${user.id}`, [CredentialKeys.user(user.id)], checkedOf(user), () =>
      this.buildResource(user),
    );
  }

  private async buildResource(user: User): Promise<UserResponseDto> {
    // Each module reads its own tables (two-factor, social, the products), side by side.
    const contributed = await Promise.all(this.contributors.map((c) => c.parts([user])));
    // In composition order.
    return toUserResponse(
      user,
      Object.assign({}, ...contributed.map((parts) => parts.get(user.id))) as UserResourcePart,
    );
  }

  /**
   * The caller's own names, then the products' settings (ProfileExtension). `body` carries the
   * products' fields, which the DTO whitelists away; they are checked before anything is written, so
   * a refused request changes nothing.
   */
  async updateProfile(user: User, dto: UpdateProfileDto, body: unknown): Promise<User> {
    const extensionFields = await validateExtensionFields(
      this.profileExtensions.map((e) => e.fields),
      body,
    );
    const changes: Partial<User> = {};
    if (dto.first_name !== undefined) changes.firstName = dto.first_name;
    if (dto.last_name !== undefined) changes.lastName = dto.last_name;
    if (Object.keys(changes).length) await this.repo.updateProfile(user.id, changes);
    for (const [i, extension] of this.profileExtensions.entries()) {
      await extension.update(user, extensionFields[i]);
    }
    await this.userChanged(user.id);
    return Object.assign(user, changes);
  }
}
