import { Injectable } from '@nestjs/common';
import { Encrypter } from '../../../common/crypto/encrypter';
import type { ProfileExtension } from '../../../users/profile-extension';
import type { User } from '../../../users/user.entity';
import { FangateAccountsService } from './fangate-accounts.service';
import { FangateProfileFields } from './profile.fields';

/**
 * Fangate's settings in PUT /api/user/profile: adult-content settings (only those sent change) and
 * payout bank details (encrypted; only the last four digits stay readable).
 */
@Injectable()
export class FangateProfile implements ProfileExtension<FangateProfileFields> {
  readonly fields = FangateProfileFields;

  constructor(
    private readonly accounts: FangateAccountsService,
    private readonly encrypter: Encrypter,
  ) {}

  async update(user: User, { adult_content, payout }: FangateProfileFields): Promise<void> {
    if (adult_content) {
      // The DTO instance carries every declared key, unset ones as undefined: merge only those sent,
      // or changing one setting would reset the others.
      const sent = Object.entries(adult_content).filter(([, v]) => v !== undefined);
      await this.accounts.mergeAdultContent(user.id, Object.fromEntries(sent));
    }
    if (payout) {
      const { bank_name, account_holder, account_number } = payout;
      await this.accounts.updatePayout(user.id, {
        ...(bank_name !== undefined && { bankName: bank_name }),
        ...(account_holder !== undefined && { accountHolder: account_holder }),
        ...(account_number !== undefined && {
          accountNumberEncrypted: this.encrypter.encrypt(account_number, `payout:${user.id}`),
          accountNumberLast4: account_number.slice(-4),
        }),
      });
    }
  }
}
