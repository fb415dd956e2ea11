import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthContext } from '../../common/auth/auth-context';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { ValidationFailedException } from '../../common/errors/app-exceptions';
import { SecurityEventKind } from '../../security-events/security-event.entity';
import { SecurityEventsService } from '../../security-events/security-events.service';
import {
  PasswordConfirmationService,
  WRONG_PASSWORD,
} from '../../sessions/password-confirmation/password-confirmation.service';
import { SessionsService } from '../../sessions/sessions.service';
import { TokensService } from '../../sessions/tokens.service';
import type { UpdatePasswordDto } from '../dto/update-password.dto';
import { UsersRepository } from '../users.repository';

/** Fortify's UpdateUserPassword, plus what Fortify leaves to the app: ending every other credential. */
@Injectable()
export class UpdatePasswordAction {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly confirmation: PasswordConfirmationService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly events: SecurityEventsService,
  ) {}

  async execute(auth: AuthContext, req: Request, dto: UpdatePasswordDto): Promise<void> {
    if (auth.user.password) {
      if (typeof dto.current_password !== 'string' || dto.current_password === '') {
        throw ValidationFailedException.field('current_password', 'The current password field is required.');
      }
      await this.confirmation.verifyPassword(auth, req, dto.current_password, 'current_password');
    }
    const hash = await this.hasher.hash(dto.password);
    // Another change (another tab, another device) may have replaced the password meanwhile: the
    // current password this request checked is then no longer current.
    if (!(await this.users.replacePassword(auth.user.id, auth.user.password, hash)))
      throw ValidationFailedException.field('current_password', WRONG_PASSWORD);
    auth.user.password = hash;
    const sessions = await this.sessions.revokeAllForUser(
      auth.user.id,
      auth.kind === 'session' ? auth.session.id : undefined,
    );
    const tokens = await this.tokens.revokeAllForUser(
      auth.user.id,
      auth.kind === 'token' ? auth.token.id : undefined,
    );
    await this.events.record(SecurityEventKind.PasswordChanged, auth.user.id, req, {
      sessions_ended: sessions.length,
      tokens_revoked: tokens.length,
    });
  }
}
