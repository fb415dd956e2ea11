import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { AccountEventKind } from '../../common/events/account-event';
import { AccountEvents } from '../../common/events/account-events';
import type { ClientDetails } from '../../common/http/client-info';
import { SessionsService } from '../../sessions/sessions.service';
import { TokensService } from '../../tokens/tokens.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';

export interface Replacement {
  /** `change`: the signed-in user; `reset`: by emailed token. */
  via: 'change' | 'reset';
  /** The credential that made the request keeps working (a change); a reset ends every one. */
  keep?: { sessionId?: string; tokenId?: string };
  client: ClientDetails;
}

/**
 * The one way a password is replaced (change and reset): a change stores the new hash only if the
 * old one is still in place, then every other session and token ends, then the account event (which mails
 * the notice). Logins racing it are held off by UsersRepository.whilePasswordIs.
 */
@Injectable()
export class PasswordReplacement {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly events: AccountEvents,
  ) {}

  /** False when another change replaced the password meanwhile (the caller's check is stale). */
  async replace(user: User, password: string, { via, keep = {}, client }: Replacement): Promise<boolean> {
    const hash = await this.hasher.hash(password);
    // A reset proves the mailbox, not the old password: it applies whatever the password is now.
    if (via === 'reset') await this.users.setPassword(user.id, hash);
    else if (!(await this.users.replacePassword(user.id, user.password, hash))) return false;
    user.password = hash;
    const sessions = await this.sessions.revokeAllForUser(user.id, keep.sessionId);
    const tokens = await this.tokens.revokeAllForUser(user.id, keep.tokenId);
    await this.events.publish(
      via === 'change' ? AccountEventKind.PasswordChanged : AccountEventKind.PasswordReset,
      user.id,
      client,
      { sessions_ended: sessions.length, tokens_revoked: tokens.length },
    );
    return true;
  }
}
