import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SocialAccount } from '../social/social-account.entity';
import { TwoFactorRecoveryCode } from '../two-factor/recovery-code.entity';
import { TwoFactorAuthentication } from '../two-factor/two-factor.entity';
import { InviteCode } from './invite-code.entity';
import { PayoutAccount } from './payout-account.entity';
import { User } from './user.entity';

export interface ResourceParts {
  payout: PayoutAccount | null;
  inviteCode: string | null;
  twoFactorEnabled: boolean;
  recoveryCodesRemaining: number;
  socialAccounts: string[];
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(PayoutAccount) private readonly payouts: Repository<PayoutAccount>,
    @InjectRepository(InviteCode) private readonly inviteCodes: Repository<InviteCode>,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async emailTaken(email: string): Promise<boolean> {
    return (
      (await this.users
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email })
        .getCount()) > 0
    );
  }

  findInviteCode(code: string): Promise<InviteCode | null> {
    return this.inviteCodes.createQueryBuilder('i').where('upper(i.code) = upper(:code)', { code }).getOne();
  }

  /** The rows the user resource shows besides the user itself, in one round trip. */
  async findResourceParts(userId: number): Promise<ResourceParts> {
    const result = await this.payouts
      .createQueryBuilder('p')
      .addSelect(
        (sq) =>
          sq
            .select('i.code')
            .from(InviteCode, 'i')
            .where('i.affiliate_id = p.user_id')
            .orderBy('i.id')
            .limit(1),
        'invite_code',
      )
      .addSelect(
        (sq) =>
          sq
            .select('t.confirmed_at IS NOT NULL')
            .from(TwoFactorAuthentication, 't')
            .where('t.user_id = p.user_id'),
        'two_factor_enabled',
      )
      .addSelect(
        (sq) => sq.select('count(*)::int').from(TwoFactorRecoveryCode, 'r').where('r.user_id = p.user_id'),
        'recovery_codes',
      )
      .addSelect(
        (sq) =>
          sq
            .select("coalesce(array_agg(s.provider ORDER BY s.provider), '{}')")
            .from(SocialAccount, 's')
            .where('s.user_id = p.user_id'),
        'social_accounts',
      )
      .where('p.user_id = :userId', { userId })
      .getRawAndEntities();
    const row = result.raw[0] as
      | {
          invite_code?: string;
          two_factor_enabled?: boolean;
          recovery_codes?: number;
          social_accounts?: string[];
        }
      | undefined;
    return {
      payout: result.entities[0] ?? null,
      inviteCode: row?.invite_code ?? null,
      twoFactorEnabled: row?.two_factor_enabled === true,
      recoveryCodesRemaining: row?.recovery_codes ?? 0,
      socialAccounts: row?.social_accounts ?? [],
    };
  }

  async updateProfile(userId: number, changes: Partial<User>): Promise<void> {
    await this.users.update({ id: userId }, changes);
  }

  async updatePayout(userId: number, changes: Partial<PayoutAccount>): Promise<void> {
    await this.payouts.update({ userId }, changes);
  }
}
