import { Injectable, NotFoundException } from '@nestjs/common';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { OwnershipService } from '../ownership/ownership.service';
import { PasswordCheck } from '../users/password-check';
import type { User } from '../users/user.entity';
import { toBrowserSessionResponse, type BrowserSessionResponseDto } from './dto/browser-session-response.dto';
import { SessionsService } from './sessions.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The "Active sessions" panel: where the user is logged in, and ending those sessions. */
@Injectable()
export class BrowserSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly ownership: OwnershipService,
    private readonly passwords: PasswordCheck,
    private readonly events: AccountEvents,
  ) {}

  async list(userId: number, currentId?: string): Promise<BrowserSessionResponseDto[]> {
    return (await this.sessions.listForUser(userId)).map((s) => toBrowserSessionResponse(s, currentId));
  }

  /** Ends one of the user's sessions (the current one too: the caller then starts an anonymous one). */
  async end(user: User, id: string, client: ClientDetails): Promise<void> {
    const session = UUID.test(id) ? await this.sessions.findById(id) : null;
    // Credentials are personal (docs/http-contract.md §3, §4): someone else's is a 403, for admins too.
    this.ownership.requireOwner(user, session, (s) => s.userId, { adminPasses: false });
    // Ended meanwhile by a concurrent request: one revocation, one event.
    if (!(await this.sessions.revoke(id))) throw new NotFoundException();
    await this.events.publish(AccountEventKind.SessionRevoked, user.id, client, { session_id: id });
  }

  async endOthers(user: User, password: string, currentId: string | undefined, client: ClientDetails) {
    await this.passwords.verify(user, password, client);
    const ended = await this.sessions.revokeAllForUser(user.id, currentId);
    await this.events.publish(AccountEventKind.SessionRevoked, user.id, client, {
      scope: 'other_sessions',
      count: ended.length,
    });
  }
}
