import { Injectable } from '@nestjs/common';
import { tokenCan } from '../../../common/auth/abilities';
import { Role } from '../../../common/auth/role.enum';
import { AUTH_ERRORS } from '../../../common/errors/error-codes';
import { fromCents } from '../../../common/http/money';
import { TokensService } from '../../../tokens/tokens.service';
import type { User } from '../../../users/user.entity';
import { displayName } from '../person.presenter';
import { CREATOR_STUDIO_ERRORS } from '../error-codes';
import { CreatorFiguresService, type CreatorFigures } from '../wallet/creator-figures.service';
import { WalletService } from '../wallet/wallet.service';
import type {
  AggregateDashboardResponseDto,
  AggregateRowDto,
  CreatorKpisDto,
  CurrencyTotalsDto,
  DashboardSummaryDto,
} from './dashboard.dto';

/** A token may read dashboards when it holds `*` or this ability. */
/** Fangate's token abilities. */
export enum FangateAbility {
  Dashboard = 'dashboard:read',
}
const MAX_TOKEN_LENGTH = 512;

type Verified = { index: number; user: User } | { index: number; error: string };

@Injectable()
export class DashboardService {
  constructor(
    private readonly tokens: TokensService,
    private readonly figures: CreatorFiguresService,
    private readonly wallet: WalletService,
  ) {}

  async summary(user: User): Promise<DashboardSummaryDto> {
    return { creator: this.creatorOf(user), ...(await this.kpis(user, await this.figures.forUser(user.id))) };
  }

  /**
   * Combined KPIs of the creators whose tokens are given. Nothing in the request is trusted: each
   * token is verified as a bearer credential would be (TokensService.authenticate: format,
   * checksum, hash, expiry), must carry `*` or `dashboard:read`, and must belong to a creator;
   * every other row fails on its own with a reason that reveals nothing about the account.
   * A creator given twice is counted once.
   */
  async aggregate(tokens: unknown[]): Promise<AggregateDashboardResponseDto> {
    const verified: Verified[] = [];
    for (const [index, raw] of tokens.entries()) verified.push({ index, ...(await this.verify(raw)) });
    const users = verified.flatMap((v) => ('user' in v ? [v.user] : []));
    const figures = await this.figures.forUsers([...new Set(users.map((u) => u.id))]);

    const counted = new Set<number>();
    const creators: { user: User; kpis: CreatorKpisDto; f: CreatorFigures }[] = [];
    const results: AggregateRowDto[] = [];
    for (const v of verified) {
      if ('error' in v) {
        results.push({ index: v.index, success: false, errors_message: v.error });
        continue;
      }
      const f = figures.get(v.user.id)!;
      const kpis = await this.kpis(v.user, f);
      const first = !counted.has(v.user.id);
      if (first) {
        counted.add(v.user.id);
        creators.push({ user: v.user, kpis, f });
      }
      results.push({
        index: v.index,
        success: true,
        creator: this.creatorOf(v.user),
        summary: kpis,
        counted: first,
      });
    }
    return { results, totals: this.totals(creators) };
  }

  private async verify(raw: unknown): Promise<{ user: User } | { error: string }> {
    if (typeof raw !== 'string' || !raw || raw.length > MAX_TOKEN_LENGTH) {
      return { error: CREATOR_STUDIO_ERRORS.INVALID_TOKEN };
    }
    const token = await this.tokens.authenticate(raw);
    if (!token?.user) return { error: CREATOR_STUDIO_ERRORS.INVALID_TOKEN };
    if (!tokenCan(token.abilities, FangateAbility.Dashboard)) {
      return { error: AUTH_ERRORS.INVALID_ABILITY };
    }
    if (!token.user.roles.includes(Role.Creator)) return { error: CREATOR_STUDIO_ERRORS.NOT_A_CREATOR };
    return { user: token.user };
  }

  private async kpis(user: User, f: CreatorFigures): Promise<CreatorKpisDto> {
    return {
      currency: await this.wallet.currencyOf(user),
      products_count: f.productsCount,
      published_products_count: f.publishedProductsCount,
      sales_count: f.salesCount,
      revenue: fromCents(f.revenueCents),
      balance: fromCents(f.balanceCents),
      pending_balance: fromCents(f.pendingCents),
      referrals_count: f.referralsCount,
    };
  }

  private totals(creators: { kpis: CreatorKpisDto; f: CreatorFigures }[]) {
    const byCurrency = new Map<
      string,
      { currency: CurrencyTotalsDto['currency']; r: number; b: number; p: number }
    >();
    for (const { kpis, f } of creators) {
      const key = kpis.currency?.code ?? '';
      const row = byCurrency.get(key) ?? { currency: kpis.currency, r: 0, b: 0, p: 0 };
      row.r += f.revenueCents;
      row.b += f.balanceCents;
      row.p += f.pendingCents;
      byCurrency.set(key, row);
    }
    const sum = (pick: (f: CreatorFigures) => number) => creators.reduce((n, c) => n + pick(c.f), 0);
    return {
      creators_count: creators.length,
      products_count: sum((f) => f.productsCount),
      published_products_count: sum((f) => f.publishedProductsCount),
      sales_count: sum((f) => f.salesCount),
      referrals_count: sum((f) => f.referralsCount),
      by_currency: [...byCurrency.values()]
        .sort((a, b) => (a.currency?.code ?? '').localeCompare(b.currency?.code ?? ''))
        .map((c) => ({
          currency: c.currency,
          revenue: fromCents(c.r),
          balance: fromCents(c.b),
          pending_balance: fromCents(c.p),
        })),
    };
  }

  private creatorOf(user: User) {
    return { id: user.id, email: user.email, name: displayName(user) };
  }
}
