import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Encrypter } from '../common/crypto/encrypter';
import { validateExtensionFields } from '../extensions/extension-fields';
import { PROFILE_EXTENSIONS, type ProfileExtension } from '../extensions/profile-extension';
import {
  USER_RESOURCE_CONTRIBUTORS,
  type UserResourceContributor,
  type UserResourcePart,
} from '../extensions/user-resource-contributor';
import { CurrenciesService } from './currencies.service';
import { toUserResponse, type UserResponseDto } from './dto/user-response.dto';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly currencies: CurrenciesService,
    private readonly encrypter: Encrypter,
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
    const { payout, inviteCode, twoFactorEnabled, recoveryCodesRemaining, socialAccounts } =
      await this.repo.findResourceParts(user.id);
    return toUserResponse(
      user,
      {
        currency: await this.currencies.findById(user.currencyId),
        payout,
        payoutCurrency: payout ? await this.currencies.findById(payout.currencyId) : null,
        inviteCode,
        twoFactorEnabled,
        recoveryCodesRemaining: twoFactorEnabled ? recoveryCodesRemaining : null,
        socialAccounts,
      },
      await this.contributed(user),
    );
  }

  /** The fields the composed products add to the resource, in composition order. */
  private async contributed(user: User): Promise<UserResourcePart> {
    const part: UserResourcePart = {};
    for (const contributor of this.contributors) {
      Object.assign(part, (await contributor.parts([user])).get(user.id));
    }
    return part;
  }

  /**
   * The caller's own names and settings; bank details are encrypted and only their last four kept
   * readable. `body` carries the products' profile fields, which the DTO whitelists away; they are
   * checked before anything is written, so a refused request changes nothing.
   */
  async updateProfile(user: User, dto: UpdateProfileDto, body: unknown): Promise<User> {
    const extensionFields = await validateExtensionFields(
      this.profileExtensions.map((e) => e.fields),
      body,
    );
    const changes: Partial<User> = {};
    if (dto.first_name !== undefined) changes.firstName = dto.first_name;
    if (dto.last_name !== undefined) changes.lastName = dto.last_name;
    if (dto.adult_content) {
      // The DTO instance carries every declared key, unset ones as undefined: merge only those sent,
      // or changing one setting would reset the others.
      const sent = Object.entries(dto.adult_content).filter(([, v]) => v !== undefined);
      changes.adultContent = { ...user.adultContent, ...Object.fromEntries(sent) };
    }
    if (Object.keys(changes).length) await this.repo.updateProfile(user.id, changes);
    if (dto.payout) {
      const { bank_name, account_holder, account_number } = dto.payout;
      await this.repo.updatePayout(user.id, {
        ...(bank_name !== undefined && { bankName: bank_name }),
        ...(account_holder !== undefined && { accountHolder: account_holder }),
        ...(account_number !== undefined && {
          accountNumberEncrypted: this.encrypter.encrypt(account_number, `payout:${user.id}`),
          accountNumberLast4: account_number.slice(-4),
        }),
      });
    }
    for (const [i, extension] of this.profileExtensions.entries()) {
      await extension.update(user, extensionFields[i]);
    }
    return Object.assign(user, changes);
  }
}
