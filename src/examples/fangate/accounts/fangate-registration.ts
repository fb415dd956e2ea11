import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldErrors } from '../../../common/errors/app-exceptions';
import { addFieldError } from '../../../common/validation/extension-fields';
import type { RegistrationExtension, RegistrationInput } from '../../../auth/registration-extension';
import type { User } from '../../../users/user.entity';
import { UsersService } from '../../../users/users.service';
import { CurrenciesService } from './currencies.service';
import { FangateAccountsService, type NewAccount } from './fangate-accounts.service';
import { FangateRegistrationFields } from './registration.fields';

/**
 * Fangate's registration rules (docs/http-contract.md §5): a master account or an affiliate's invite
 * code, never both; a currency given or derived (the affiliate's, else the master account's, else
 * DEFAULT_CURRENCY); a fee. The new user gets its Fangate account, payout account and invite code in
 * the registration's transaction. A social sign-up gets the defaults.
 */
@Injectable()
export class FangateRegistration implements RegistrationExtension<FangateRegistrationFields, NewAccount> {
  readonly fields = FangateRegistrationFields;

  constructor(
    private readonly users: UsersService,
    private readonly accounts: FangateAccountsService,
    private readonly currencies: CurrenciesService,
  ) {}

  async validate(
    { fields: f }: RegistrationInput<FangateRegistrationFields>,
    errors: FieldErrors,
  ): Promise<NewAccount> {
    if (f.master_id !== undefined && f.invite_code !== undefined) {
      addFieldError(errors, 'master_id', 'The master id field prohibits invite code from being present.');
    }
    const master = f.master_id !== undefined ? await this.users.findById(f.master_id) : null;
    if (f.master_id !== undefined && !master) {
      addFieldError(errors, 'master_id', 'The selected master id is invalid.');
    }
    const invite = f.invite_code !== undefined ? await this.accounts.findInviteCode(f.invite_code) : null;
    if (f.invite_code !== undefined && !invite) {
      addFieldError(errors, 'invite_code', 'The selected invite code is invalid.');
    }
    if (f.currency_id !== undefined && !(await this.currencies.findById(f.currency_id))) {
      addFieldError(errors, 'currency_id', 'The selected currency id is invalid.');
    }
    return {
      currencyId:
        f.currency_id ??
        (invite && (await this.accounts.currencyIdOf(invite.affiliateId))) ??
        (master && (await this.accounts.currencyIdOf(master.id))) ??
        (await this.currencies.defaultCurrency()).id,
      feePercentage: f.fee_percentage === undefined ? null : f.fee_percentage.toFixed(2),
      masterId: master?.id ?? null,
      referredById: invite?.affiliateId ?? null,
    };
  }

  afterInsert(manager: EntityManager, user: User, account: NewAccount): Promise<void> {
    return this.accounts.open(manager, user.id, account);
  }
}
