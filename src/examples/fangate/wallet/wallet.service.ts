import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { fromCents } from '../../../common/http/money';
import type { Page } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import { CurrenciesService } from '../accounts/currencies.service';
import { FangateAccountsService } from '../accounts/fangate-accounts.service';
import { toCurrencyDto, type CurrencyDto } from '../accounts/user-resource.dto';
import type { AffiliateSummaryDto, WalletSummaryDto } from './wallet.dto';
import { CreatorFiguresService } from './creator-figures.service';
import { WalletTransaction } from './wallet-transaction.entity';

/** Wallet and affiliate figures of the caller only: every query is keyed by the caller's id. */
@Injectable()
export class WalletService {
  constructor(
    @InjectRepository(WalletTransaction) private readonly transactions: Repository<WalletTransaction>,
    private readonly figures: CreatorFiguresService,
    private readonly accounts: FangateAccountsService,
    private readonly currencies: CurrenciesService,
  ) {}

  async summary(user: User): Promise<WalletSummaryDto> {
    const f = await this.figures.forUser(user.id);
    return {
      currency: await this.currencyOf(user),
      balance: fromCents(f.balanceCents),
      pending: fromCents(f.pendingCents),
      lifetime_earnings: fromCents(f.earningsCents),
      paid_out: fromCents(f.paidOutCents),
      transactions_count: f.transactionsCount,
    };
  }

  async listOwn(userId: number, page: Page): Promise<{ items: WalletTransaction[]; total: number }> {
    const [items, total] = await this.transactions.findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.perPage,
    });
    return { items, total };
  }

  async affiliate(user: User): Promise<AffiliateSummaryDto> {
    const [f, code] = await Promise.all([
      this.figures.forUser(user.id),
      this.accounts.ownInviteCode(user.id),
    ]);
    return {
      invite_code: code,
      referrals_count: f.referralsCount,
      currency: await this.currencyOf(user),
      commission_earned: fromCents(f.commissionCents),
      commission_pending: fromCents(f.commissionPendingCents),
    };
  }

  /** Null for a user registered while Fangate was not composed in (no Fangate account). */
  async currencyOf(user: Pick<User, 'id'>): Promise<CurrencyDto | null> {
    const id = await this.accounts.currencyIdOf(user.id);
    return id === null ? null : toCurrencyDto(await this.currencies.findById(id));
  }
}
