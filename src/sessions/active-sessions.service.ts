import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { OwnershipService } from '../ownership/ownership.service';
import { SecurityEventKind } from '../security-events/security-event.entity';
import { SecurityEventsService } from '../security-events/security-events.service';
import { toBrowserSessionResponse, type BrowserSessionResponseDto } from './dto/browser-session-response.dto';
import { toTokenResponse, type TokenResponseDto } from './dto/token-response.dto';
import { PasswordConfirmationService } from './password-confirmation/password-confirmation.service';
import { SessionsService } from './sessions.service';
import { TokensService } from './tokens.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Where am I logged in": the browser sessions panel and the API token list, and ending them. */
@Injectable()
export class ActiveSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly ownership: OwnershipService,
    private readonly confirmation: PasswordConfirmationService,
    private readonly events: SecurityEventsService,
  ) {}

  async listBrowserSessions(auth: AuthContext): Promise<BrowserSessionResponseDto[]> {
    const current = auth.kind === 'session' ? auth.session.id : undefined;
    return (await this.sessions.listForUser(auth.user.id)).map((s) => toBrowserSessionResponse(s, current));
  }

  async endBrowserSession(auth: AuthContext, id: string, req: Request, res: Response): Promise<void> {
    const session = UUID.test(id) ? await this.sessions.findById(id) : null;
    // Credentials are personal (docs/http-contract.md §3, §4): someone else's is a 403, for admins too.
    this.ownership.requireOwner(auth.user, session, (s) => s.userId, { adminPasses: false });
    if (auth.kind === 'session' && auth.session.id === id) {
      await this.sessions.invalidate(req, res);
    } else if (!(await this.sessions.revoke(id))) {
      // Ended meanwhile by a concurrent request: one revocation, one event.
      throw new NotFoundException();
    }
    await this.events.record(SecurityEventKind.SessionRevoked, auth.user.id, req, { session_id: id });
  }

  async endOtherBrowserSessions(auth: AuthContext, password: string, req: Request): Promise<void> {
    await this.confirmation.verifyPassword(auth, req, password);
    const ended = await this.sessions.revokeAllForUser(
      auth.user.id,
      auth.kind === 'session' ? auth.session.id : undefined,
    );
    await this.events.record(SecurityEventKind.SessionRevoked, auth.user.id, req, {
      scope: 'other_sessions',
      count: ended.length,
    });
  }

  async listTokens(auth: AuthContext): Promise<TokenResponseDto[]> {
    const current = auth.kind === 'token' ? auth.token.id : undefined;
    return (await this.tokens.listForUser(auth.user.id, 'api'))
      .filter((t) => !this.tokens.isExpired(t))
      .map((t) => toTokenResponse(t, this.tokens.effectiveExpiry(t), current));
  }

  async revokeToken(auth: AuthContext, tokenId: string, req: Request): Promise<void> {
    const token = await this.tokens.findById(tokenId);
    // Only login tokens (`api`) are managed here; any other name is "no such token".
    if (token && token.name !== 'api') throw new NotFoundException();
    this.ownership.requireOwner(auth.user, token, (t) => t.userId, { adminPasses: false });
    if (!(await this.tokens.revoke(tokenId))) throw new NotFoundException();
    await this.events.record(SecurityEventKind.TokenRevoked, auth.user.id, req, {
      token_id: Number(tokenId),
    });
  }
}
