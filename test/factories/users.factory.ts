import bcrypt from 'bcrypt';
import type { DataSource } from 'typeorm';
import { Role } from '../../src/common/auth/role.enum';
import { Currency } from '../../src/users/currency.entity';
import { PayoutAccount } from '../../src/users/payout-account.entity';
import { User } from '../../src/users/user.entity';

let sequence = 0;

export const DEFAULT_PASSWORD = 'Correct-Horse-9';

export interface UserOverrides extends Partial<User> {
  plainPassword?: string;
}

/** Inserts a user directly (with a payout account), bypassing the API; returns it with its password. */
export async function createUser(
  db: DataSource,
  overrides: UserOverrides = {},
): Promise<User & { plainPassword: string }> {
  // Taken before any await: parallel calls (Promise.all) must each get their own number.
  const n = ++sequence;
  const plainPassword = overrides.plainPassword ?? DEFAULT_PASSWORD;
  const currency = await db.getRepository(Currency).findOneByOrFail({ code: 'USD' });
  const { plainPassword: _ignored, ...fields } = overrides;
  const user = await db.getRepository(User).save(
    db.getRepository(User).create({
      email: `user${n}-${Date.now()}@example.com`,
      password: await bcrypt.hash(plainPassword, 4),
      firstName: 'Test',
      lastName: `User${n}`,
      birthDate: '1990-01-01',
      roles: [Role.Creator],
      currencyId: currency.id,
      adultContent: {},
      features: {},
      ...fields,
    }),
  );
  await db.getRepository(PayoutAccount).insert({ userId: user.id, currencyId: user.currencyId });
  return Object.assign(user, { plainPassword });
}
