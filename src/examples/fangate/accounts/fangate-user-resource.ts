import { Injectable } from '@nestjs/common';
import type { UserResourceContributor, UserResourcePart } from '../../../users/user-resource-contributor';
import type { User } from '../../../users/user.entity';
import { DEFAULT_ADULT_CONTENT } from './adult-content';
import { CurrenciesService } from './currencies.service';
import { FangateAccountsService } from './fangate-accounts.service';
import { FangateUserResourceFields, toCurrencyDto } from './user-resource.dto';

/**
 * Fangate's fields of the user resource: currency, fee, master account, referrer, own invite code,
 * payout account (the number masked), adult-content settings. A user without a Fangate account
 * (registered while Fangate was not composed in) shows nulls and the default settings.
 */
@Injectable()
export class FangateUserResource implements UserResourceContributor {
  readonly schema = FangateUserResourceFields;

  constructor(
    private readonly accounts: FangateAccountsService,
    private readonly currencies: CurrenciesService,
  ) {}

  async parts(users: readonly User[]): Promise<Map<number, UserResourcePart>> {
    const rows = await this.accounts.findForResource(users.map((u) => u.id));
    const parts = new Map<number, UserResourcePart>();
    for (const { id } of users) {
      const { account, payout, inviteCode } = rows.get(id) ?? {
        account: null,
        payout: null,
        inviteCode: null,
      };
      const fields: FangateUserResourceFields = {
        currency: account && toCurrencyDto(await this.currencies.findById(account.currencyId)),
        fee_percentage: account?.feePercentage == null ? null : Number(account.feePercentage),
        master_id: account?.masterId ?? null,
        referred_by_id: account?.referredById ?? null,
        invite_code: inviteCode,
        payout: payout && {
          currency: toCurrencyDto(await this.currencies.findById(payout.currencyId)),
          bank_name: payout.bankName,
          account_holder: payout.accountHolder,
          account_number: payout.accountNumberLast4 ? `****${payout.accountNumberLast4}` : null,
        },
        adult_content: { ...DEFAULT_ADULT_CONTENT, ...account?.adultContent },
      };
      parts.set(id, { ...fields });
    }
    return parts;
  }
}
