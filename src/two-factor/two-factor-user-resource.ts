import { Injectable } from '@nestjs/common';
import type { UserResourceContributor, UserResourcePart } from '../users/user-resource-contributor';
import type { User } from '../users/user.entity';
import { TwoFactorRepository } from './two-factor.repository';

/** The user resource's `two_factor_enabled` and `two_factor_recovery_codes_remaining` (null while off). */
@Injectable()
export class TwoFactorUserResource implements UserResourceContributor {
  constructor(private readonly repo: TwoFactorRepository) {}

  async parts(users: readonly User[]): Promise<Map<number, UserResourcePart>> {
    const status = await this.repo.statusOf(users.map((u) => u.id));
    return new Map(
      users.map((u) => {
        const s = status.get(u.id);
        return [
          u.id,
          {
            two_factor_enabled: !!s?.enabled,
            two_factor_recovery_codes_remaining: s?.enabled ? s.codes : null,
          },
        ];
      }),
    );
  }
}
