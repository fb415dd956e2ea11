import { Injectable, NotFoundException } from '@nestjs/common';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { OwnershipService } from '../ownership/ownership.service';
import type { User } from '../users/user.entity';
import { toTokenResponse, type TokenResponseDto } from './dto/token-response.dto';
import { TokensService } from './tokens.service';

/** The app-sessions list: the user's login tokens (name `api`), and revoking one. */
@Injectable()
export class LoginTokensService {
  constructor(
    private readonly tokens: TokensService,
    private readonly ownership: OwnershipService,
    private readonly events: AccountEvents,
  ) {}

  async list(userId: number, currentId?: string): Promise<TokenResponseDto[]> {
    return (await this.tokens.listForUser(userId, 'api'))
      .filter((t) => !this.tokens.isExpired(t))
      .map((t) => toTokenResponse(t, this.tokens.effectiveExpiry(t), currentId));
  }

  async revoke(user: User, tokenId: string, client: ClientDetails): Promise<void> {
    const token = await this.tokens.findById(tokenId);
    // Only login tokens (`api`) are managed here; any other name is "no such token".
    if (token && token.name !== 'api') throw new NotFoundException();
    // Credentials are personal (docs/http-contract.md §4): someone else's is a 403, for admins too.
    this.ownership.requireOwner(user, token, (t) => t.userId, { adminPasses: false });
    if (!(await this.tokens.revoke(tokenId))) throw new NotFoundException();
    await this.events.publish(AccountEventKind.TokenRevoked, user.id, client, { token_id: Number(tokenId) });
  }
}
