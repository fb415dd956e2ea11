import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Encrypter } from '../common/crypto/encrypter';
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

  /** Sets the password whatever it was (a reset by emailed token). */
  async setPassword(userId: number, hash: string): Promise<void> {
    await this.repo.updateProfile(userId, { password: hash });
  }

  async markEmailVerified(userId: number, at: Date): Promise<void> {
    await this.repo.updateProfile(userId, { emailVerifiedAt: at });
  }

  /** See UsersRepository.replacePassword: false when the stored hash is no longer `from`. */
  replacePassword(userId: number, from: string | null, to: string): Promise<boolean> {
    return this.repo.replacePassword(userId, from, to);
  }

  async resource(user: User): Promise<UserResponseDto> {
    const { payout, inviteCode, twoFactorEnabled, recoveryCodesRemaining, socialAccounts } =
      await this.repo.findResourceParts(user.id);
    return toUserResponse(user, {
      currency: await this.currencies.findById(user.currencyId),
      payout,
      payoutCurrency: payout ? await this.currencies.findById(payout.currencyId) : null,
      inviteCode,
      twoFactorEnabled,
      recoveryCodesRemaining: twoFactorEnabled ? recoveryCodesRemaining : null,
      socialAccounts,
    });
  }

  /** The caller's own names and settings; bank details are encrypted and only their last four kept readable. */
  async updateProfile(user: User, dto: UpdateProfileDto): Promise<User> {
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
    return Object.assign(user, changes);
  }
}
