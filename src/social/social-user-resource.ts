import { Injectable } from '@nestjs/common';
import type { UserResourceContributor, UserResourcePart } from '../users/user-resource-contributor';
import type { User } from '../users/user.entity';
import { SocialRepository } from './social.repository';

/** The user resource's `social_accounts`: the linked providers, by name. */
@Injectable()
export class SocialUserResource implements UserResourceContributor {
  constructor(private readonly repo: SocialRepository) {}

  async parts(users: readonly User[]): Promise<Map<number, UserResourcePart>> {
    const linked = await this.repo.providersOf(users.map((u) => u.id));
    return new Map(users.map((u) => [u.id, { social_accounts: linked.get(u.id) ?? [] }]));
  }
}
