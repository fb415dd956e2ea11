import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { validateExtensionFields } from '../extensions/extension-fields';
import { PROFILE_EXTENSIONS, type ProfileExtension } from '../extensions/profile-extension';
import {
  USER_RESOURCE_CONTRIBUTORS,
  type UserResourceContributor,
  type UserResourcePart,
} from '../extensions/user-resource-contributor';
import { toUserResponse, type UserResponseDto } from './dto/user-response.dto';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    @Inject(USER_RESOURCE_CONTRIBUTORS) private readonly contributors: UserResourceContributor[],
    @Inject(PROFILE_EXTENSIONS) private readonly profileExtensions: ProfileExtension[],
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.repo.findByEmail(email);
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

  async resource(user: User): Promise<UserResponseDto> {
    // The products read their own tables: their queries run beside the core's, not after it.
    const [{ twoFactorEnabled, recoveryCodesRemaining, socialAccounts }, ...contributed] = await Promise.all([
      this.repo.findResourceParts(user.id),
      ...this.contributors.map((c) => c.parts([user])),
    ]);
    return toUserResponse(
      user,
      {
        twoFactorEnabled,
        recoveryCodesRemaining: twoFactorEnabled ? recoveryCodesRemaining : null,
        socialAccounts,
      },
      // In composition order.
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
    return Object.assign(user, changes);
  }
}
