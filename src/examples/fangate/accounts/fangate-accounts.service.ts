import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { randomString } from '../../../common/crypto/hashing';
import { RawRows } from '../../../common/database/raw-rows';
import type { AdultContentSettings } from './adult-content';
import { CurrenciesService } from './currencies.service';
import { FangateAccount } from './fangate-account.entity';
import { InviteCode } from './invite-code.entity';
import { PayoutAccount } from './payout-account.entity';

const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type NewAccount = Pick<FangateAccount, 'currencyId' | 'feePercentage' | 'masterId' | 'referredById'>;

export interface AccountRows {
  account: FangateAccount | null;
  payout: PayoutAccount | null;
  /** The user's own (first) invite code. */
  inviteCode: string | null;
}

/**
 * Fangate's account tables (fangate_accounts, payout_accounts, invite_codes): the rest of Fangate
 * reads and writes them only through here, and nothing outside Fangate reads them at all.
 */
@Injectable()
export class FangateAccountsService {
  private readonly accountRows: RawRows<FangateAccount>;
  private readonly payoutRows: RawRows<PayoutAccount>;

  constructor(
    @InjectRepository(FangateAccount) private readonly accounts: Repository<FangateAccount>,
    @InjectRepository(PayoutAccount) private readonly payouts: Repository<PayoutAccount>,
    @InjectRepository(InviteCode) private readonly inviteCodes: Repository<InviteCode>,
    private readonly currencies: CurrenciesService,
  ) {
    this.accountRows = new RawRows(accounts.manager.connection, FangateAccount, 'a');
    this.payoutRows = new RawRows(accounts.manager.connection, PayoutAccount, 'p');
  }

  /**
   * A new user's rows, in the registration's transaction (`manager`): its settings, its payout
   * account in its currency, its own invite code.
   */
  async open(manager: EntityManager, userId: number, account: NewAccount): Promise<void> {
    await manager.getRepository(FangateAccount).insert({ userId, ...account, adultContent: {} });
    await manager.getRepository(PayoutAccount).insert({ userId, currencyId: account.currencyId });
    await manager
      .getRepository(InviteCode)
      .insert({ code: randomString(10, INVITE_ALPHABET), affiliateId: userId });
  }

  findInviteCode(code: string): Promise<InviteCode | null> {
    return this.inviteCodes.createQueryBuilder('i').where('upper(i.code) = upper(:code)', { code }).getOne();
  }

  async ownInviteCode(userId: number): Promise<string | null> {
    const first = await this.inviteCodes.findOne({ where: { affiliateId: userId }, order: { id: 'ASC' } });
    return first?.code ?? null;
  }

  /** The account's currency; null for a user registered while Fangate was not composed in. */
  async currencyIdOf(userId: number): Promise<number | null> {
    return (await this.accounts.findOneBy({ userId }))?.currencyId ?? null;
  }

  /** The rows the user resource shows for each of `userIds`, in one round trip. */
  async findForResource(userIds: readonly number[]): Promise<Map<number, AccountRows>> {
    const rows: Record<string, unknown>[] = await this.accounts.query(
      `SELECT ids.id AS user_id, ${this.accountRows.select}, ${this.payoutRows.select},
         (SELECT i.code FROM invite_codes i WHERE i.affiliate_id = ids.id ORDER BY i.id LIMIT 1) AS invite_code
       FROM unnest($1::int[]) AS ids(id)
       LEFT JOIN fangate_accounts a ON a.user_id = ids.id
       LEFT JOIN payout_accounts p ON p.user_id = ids.id`,
      [userIds],
    );
    return new Map(
      rows.map((row) => [
        row.user_id as number,
        {
          account: this.accountRows.hydrate(row),
          payout: this.payoutRows.hydrate(row),
          inviteCode: row.invite_code as string | null,
        },
      ]),
    );
  }

  /**
   * Merges `settings` into the stored ones in one statement, so two concurrent changes of different
   * settings both stay. A user registered while Fangate was not composed in gets its row here.
   */
  async mergeAdultContent(userId: number, settings: Partial<AdultContentSettings>): Promise<void> {
    const currencyId = (await this.currencies.defaultCurrency()).id;
    await this.accounts.query(
      `INSERT INTO fangate_accounts (user_id, currency_id, adult_content) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET adult_content = fangate_accounts.adult_content || EXCLUDED.adult_content`,
      [userId, currencyId, settings],
    );
  }

  async updatePayout(userId: number, changes: Partial<PayoutAccount>): Promise<void> {
    if (Object.keys(changes).length) await this.payouts.update({ userId }, changes);
  }
}
