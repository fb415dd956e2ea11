import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoginMethodCounter } from '../users/login-methods';
import { PasskeysRepository } from './passkeys.repository';

/** Each passkey is a way to log in. */
@Injectable()
export class PasskeyLoginMethods implements LoginMethodCounter {
  constructor(private readonly repo: PasskeysRepository) {}

  count(manager: EntityManager, userId: number): Promise<number> {
    return this.repo.countWithin(manager, userId);
  }
}
