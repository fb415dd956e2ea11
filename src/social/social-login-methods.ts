import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoginMethodCounter } from '../users/login-methods';
import { SocialRepository } from './social.repository';

/** Each linked provider is a way to log in. */
@Injectable()
export class SocialLoginMethods implements LoginMethodCounter {
  constructor(private readonly repo: SocialRepository) {}

  count(manager: EntityManager, userId: number): Promise<number> {
    return this.repo.countWithin(manager, userId);
  }
}
