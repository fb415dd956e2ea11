import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { InviteCode } from './invite-code.entity';
import { PayoutAccount } from './payout-account.entity';
import { User } from './user.entity';

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
  async findResourceParts(
    userId: number,
  ): Promise<{ payout: PayoutAccount | null; inviteCode: string | null }> {
    const payout = await this.payouts
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
      .where('p.user_id = :userId', { userId })
      .getRawAndEntities();
    const row = payout.raw[0] as { invite_code?: string } | undefined;
    return { payout: payout.entities[0] ?? null, inviteCode: row?.invite_code ?? null };
  }

  async updateProfile(userId: number, changes: Partial<User>): Promise<void> {
    await this.users.update({ id: userId }, changes);
  }

  async updatePayout(userId: number, changes: Partial<PayoutAccount>): Promise<void> {
    await this.payouts.update({ userId }, changes);
  }
}
