import bcrypt from 'bcrypt';
import type { DataSource } from 'typeorm';
import { Role } from '../../src/common/auth/role.enum';
import { Currency } from '../../src/examples/fangate/accounts/currency.entity';
import { FangateAccount } from '../../src/examples/fangate/accounts/fangate-account.entity';
import { PayoutAccount } from '../../src/examples/fangate/accounts/payout-account.entity';
import { User } from '../../src/users/user.entity';

let sequence = 0;

export const DEFAULT_PASSWORD = 'Correct-Horse-9';

/** Fangate's side of the account (fangate_accounts), set and returned as if it were the user's own. */
type FangateFields = Pick<
  FangateAccount,
  'currencyId' | 'feePercentage' | 'masterId' | 'referredById' | 'adultContent'
>;

export interface UserOverrides extends Partial<User>, Partial<FangateFields> {
  plainPassword?: string;
}

/**
 * Inserts a user directly, bypassing the API; when the app composes Fangate in, also its Fangate and
 * payout accounts (in USD unless told). Returns it with its password and Fangate fields.
 */
export async function createUser(
  db: DataSource,
  overrides: UserOverrides = {},
): Promise<User & FangateFields & { plainPassword: string }> {
  // Taken before any await: parallel calls (Promise.all) must each get their own number.
  const n = ++sequence;
  const {
    plainPassword = DEFAULT_PASSWORD,
    currencyId,
    feePercentage = null,
    masterId = null,
    referredById = null,
    adultContent = {},
    ...fields
  } = overrides;
  const user = await db.getRepository(User).save(
    db.getRepository(User).create({
      email: `user${n}-${Date.now()}@example.com`,
      password: await bcrypt.hash(plainPassword, 4),
      firstName: 'Test',
      lastName: `User${n}`,
      birthDate: '1990-01-01',
      roles: [Role.Creator],
      features: {},
      ...fields,
    }),
  );
  const fangate: FangateFields = {
    currencyId: currencyId ?? 0,
    feePercentage,
    masterId,
    referredById,
    adultContent,
  };
  if (db.hasMetadata(FangateAccount)) {
    fangate.currencyId = currencyId ?? (await db.getRepository(Currency).findOneByOrFail({ code: 'USD' })).id;
    await db.getRepository(FangateAccount).insert({ userId: user.id, ...fangate });
    await db.getRepository(PayoutAccount).insert({ userId: user.id, currencyId: fangate.currencyId });
  }
  return Object.assign(user, fangate, { plainPassword });
}
