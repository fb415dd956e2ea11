import { CredentialCache } from '../credential-cache/credential-cache';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../access/auth-context';
import { Encrypter } from '../common/crypto/encrypter';
import {
  PasswordConfirmationRequiredException,
  ValidationFailedException,
} from '../common/errors/app-exceptions';
import { uniqueViolation } from '../common/errors/database-errors';
import { PasswordConfirmationService } from '../auth/passwords/password-confirmation.service';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { SocialLinkResponseDto } from './dto/social-account-response.dto';
import type { SocialAccount } from './social-account.entity';
import type { SocialIdentity } from './social-profile';
import { SocialRepository } from './social.repository';

export class SocialFlowError extends Error {
  constructor(
    readonly code: 'invalid_state' | 'access_denied' | 'account_exists' | 'already_linked' | 'provider_error',
  ) {
    super(code);
  }
}

/** Linked provider identities: linking rules, unlinking rules, encrypted provider tokens. */
@Injectable()
export class SocialAccountsService {
  constructor(
    private readonly repo: SocialRepository,
    private readonly encrypter: Encrypter,
    private readonly confirmation: PasswordConfirmationService,
    private readonly events: AccountEvents,
    private readonly cache: CredentialCache,
    private readonly users: UsersService,
  ) {}

  findByIdentity(identity: SocialIdentity): Promise<SocialAccount | null> {
    return this.repo.findByIdentity(identity.provider, identity.id);
  }

  /** Linking and unlinking need a recent password confirmation when the account has a password. */
  requireConfirmationIfPassword(auth: AuthContext): void {
    if (auth.user.password && !this.confirmation.isConfirmed(auth))
      throw new PasswordConfirmationRequiredException();
  }

  async link(user: User, identity: SocialIdentity, client: ClientDetails): Promise<void> {
    const taken = await this.repo.findByIdentity(identity.provider, identity.id);
    if (taken && taken.userId !== user.id) throw new SocialFlowError('already_linked');
    if (taken) return this.refreshTokens(taken, identity);
    if ((await this.repo.findForUser(user.id, identity.provider)).length)
      throw new SocialFlowError('already_linked');
    try {
      await this.repo.save(this.newRow(user, identity));
    } catch (err) {
      if (!uniqueViolation(err)) throw err;
      // Two browsers linking the same identity at once: the unique index decides, and the loser
      // is fine if the winner linked it to this same user (one person, two tabs).
      if ((await this.repo.findByIdentity(identity.provider, identity.id))?.userId === user.id) return;
      throw new SocialFlowError('already_linked');
    }
    await this.cache.userChanged(user.id);
    await this.events.publish(AccountEventKind.SocialLinked, user.id, client, {
      provider: identity.provider,
    });
  }

  /** Links a just-created user's first identity inside its registration transaction. */
  async linkNewUser(
    manager: EntityManager,
    user: User,
    identity: SocialIdentity,
    client: ClientDetails,
  ): Promise<void> {
    await this.repo.insertWithin(manager, this.newRow(user, identity));
    await this.events.publish(
      AccountEventKind.SocialLinked,
      user.id,
      client,
      { provider: identity.provider },
      manager,
    );
  }

  private newRow(user: User, identity: SocialIdentity): Partial<SocialAccount> {
    return {
      userId: user.id,
      provider: identity.provider,
      providerUserId: identity.id,
      email: identity.email,
      name: identity.displayName,
      avatarUrl: identity.avatarUrl,
      ...this.encryptedTokens(identity, user.id),
    };
  }

  async refreshTokens(account: SocialAccount, identity: SocialIdentity): Promise<void> {
    await this.repo.updateTokens(account.id, {
      email: identity.email,
      name: identity.displayName,
      avatarUrl: identity.avatarUrl,
      ...this.encryptedTokens(identity, account.userId),
    });
  }

  async list(userId: number): Promise<SocialLinkResponseDto[]> {
    return (await this.repo.findForUser(userId)).map((a) => ({
      provider: a.provider,
      name: a.name,
      email: a.email,
      avatar_url: a.avatarUrl,
      linked_at: a.createdAt.toISOString(),
    }));
  }

  /** 422 when it would leave no way to log in (no password, no other provider, no passkey). */
  async unlink(auth: AuthContext, provider: string, client: ClientDetails): Promise<void> {
    if (!(await this.repo.findForUser(auth.user.id, provider)).length) throw new NotFoundException();
    this.requireConfirmationIfPassword(auth);
    const userId = auth.user.id;
    const outcome = await this.users.removeLoginMethod(userId, (m) =>
      this.repo.deleteWithin(m, userId, provider),
    );
    if (outcome === 'missing') throw new NotFoundException();
    if (outcome === 'last') {
      throw ValidationFailedException.field(
        'provider',
        'This is the only way to log in to the account. Set a password or link another provider first.',
      );
    }
    await this.cache.userChanged(auth.user.id);
    await this.events.publish(AccountEventKind.SocialUnlinked, auth.user.id, client, { provider });
  }

  private encryptedTokens(identity: SocialIdentity, userId: number): Partial<SocialAccount> {
    const context = `social:${identity.provider}:${userId}`;
    return {
      accessTokenEncrypted: this.encrypter.encrypt(identity.accessToken, context),
      secretEncrypted: identity.secret ? this.encrypter.encrypt(identity.secret, context) : null,
    };
  }
}
