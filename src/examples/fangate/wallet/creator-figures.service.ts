import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toCents } from '../../../common/http/money';

/** Per-user sums over the real rows (wallet ledger, products, referrals), computed in SQL. */
export interface CreatorFigures {
  userId: number;
  productsCount: number;
  publishedProductsCount: number;
  salesCount: number;
  /** Amounts in cents: summed as integers, turned into decimals only for the response. */
  revenueCents: number;
  balanceCents: number;
  pendingCents: number;
  paidOutCents: number;
  earningsCents: number;
  commissionCents: number;
  commissionPendingCents: number;
  transactionsCount: number;
  referralsCount: number;
}

interface LedgerRow {
  user_id: number;
  transactions: number;
  sales: number;
  revenue: string;
  balance: string;
  pending: string;
  paid_out: string;
  earnings: string;
  commission: string;
  commission_pending: string;
}

@Injectable()
export class CreatorFiguresService {
  constructor(private readonly db: DataSource) {}

  async forUsers(userIds: number[]): Promise<Map<number, CreatorFigures>> {
    const out = new Map<number, CreatorFigures>();
    if (!userIds.length) return out;
    const [ledger, products, referrals] = await Promise.all([
      this.db.query(
        `SELECT user_id,
                count(*)::int AS transactions,
                count(*) FILTER (WHERE kind = 'sale' AND status = 'completed')::int AS sales,
                coalesce(sum(amount) FILTER (WHERE kind = 'sale' AND status = 'completed'), 0)::text AS revenue,
                coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::text AS balance,
                coalesce(sum(amount) FILTER (WHERE status = 'pending' AND amount > 0), 0)::text AS pending,
                coalesce(-sum(amount) FILTER (WHERE kind = 'payout' AND status = 'completed'), 0)::text AS paid_out,
                coalesce(sum(amount) FILTER (WHERE amount > 0 AND status = 'completed'), 0)::text AS earnings,
                coalesce(sum(amount) FILTER (WHERE kind = 'affiliate_commission' AND status = 'completed'), 0)::text
                  AS commission,
                coalesce(sum(amount) FILTER (WHERE kind = 'affiliate_commission' AND status = 'pending'), 0)::text
                  AS commission_pending
           FROM wallet_transactions WHERE user_id = ANY($1) GROUP BY user_id`,
        [userIds],
      ) as Promise<LedgerRow[]>,
      this.db.query(
        `SELECT creator_id AS user_id, count(*)::int AS total,
                count(*) FILTER (WHERE status = 'published')::int AS published
           FROM products WHERE creator_id = ANY($1) GROUP BY creator_id`,
        [userIds],
      ) as Promise<{ user_id: number; total: number; published: number }[]>,
      this.db.query(
        `SELECT referred_by_id AS user_id, count(*)::int AS total
           FROM fangate_accounts WHERE referred_by_id = ANY($1) GROUP BY referred_by_id`,
        [userIds],
      ) as Promise<{ user_id: number; total: number }[]>,
    ]);
    for (const id of userIds) out.set(id, CreatorFiguresService.empty(id));
    for (const r of ledger) {
      Object.assign(out.get(r.user_id)!, {
        transactionsCount: r.transactions,
        salesCount: r.sales,
        revenueCents: toCents(r.revenue),
        balanceCents: toCents(r.balance),
        pendingCents: toCents(r.pending),
        paidOutCents: toCents(r.paid_out),
        earningsCents: toCents(r.earnings),
        commissionCents: toCents(r.commission),
        commissionPendingCents: toCents(r.commission_pending),
      });
    }
    for (const r of products) {
      Object.assign(out.get(r.user_id)!, { productsCount: r.total, publishedProductsCount: r.published });
    }
    for (const r of referrals) out.get(r.user_id)!.referralsCount = r.total;
    return out;
  }

  async forUser(userId: number): Promise<CreatorFigures> {
    return (await this.forUsers([userId])).get(userId)!;
  }

  static empty(userId: number): CreatorFigures {
    return {
      userId,
      productsCount: 0,
      publishedProductsCount: 0,
      salesCount: 0,
      revenueCents: 0,
      balanceCents: 0,
      pendingCents: 0,
      paidOutCents: 0,
      earningsCents: 0,
      commissionCents: 0,
      commissionPendingCents: 0,
      transactionsCount: 0,
      referralsCount: 0,
    };
  }
}
