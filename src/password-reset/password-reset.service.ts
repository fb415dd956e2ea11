import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { PasswordHasher } from '../common/crypto/password-hasher';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import { AppConfig } from '../config/auth.config';
import { MailService } from '../mail/mail.service';
import { passwordChangedMail, resetPasswordMail } from '../mail/templates/account-mails';
import { SecurityEventKind } from '../security-events/security-event.entity';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../sessions/tokens.service';
import { UsersRepository } from '../users/users.repository';
import type { ConfirmPasswordResetDto } from './dto/password-reset.dto';
import { PasswordReset } from './password-reset.entity';

const TOKEN_TTL_MS = 60 * 60_000;
/** Silent: past it the endpoint still answers 200 but sends nothing. */
export const RESET_EMAIL_LIMIT: LimitSpec = { name: 'password-reset', points: 3, durationSeconds: 15 * 60 };
export const INVALID_RESET_TOKEN = 'This password reset token is invalid.';

/** Matches no account: keeps the unknown-email path the same statements as the known one. */
const NO_USER = -1;

@Injectable()
export class PasswordResetService {
  constructor(
    @InjectRepository(PasswordReset) private readonly repo: Repository<PasswordReset>,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly mail: MailService,
    private readonly throttle: ThrottleService,
    private readonly events: SecurityEventsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Known and unknown emails take the same path, so neither the answer nor its timing tells them
   * apart: one lookup, then one transaction of the same shape (the reset row is written only for a
   * known, unthrottled email; the security event always), committed without waiting for the WAL
   * flush (a lost reset token only means asking again). The mail leaves after the response.
   */
  async request(email: string, req: Request): Promise<void> {
    const normalized = email.trim();
    const throttled = !(await this.withinLimit(normalized));
    const user = await this.users.findByEmail(normalized);
    const token = randomString(64);
    const now = this.clock.now();
    const send = !!user && !throttled;
    await this.repo.manager.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit TO OFF');
      const resets = manager.getRepository(PasswordReset);
      const row = {
        tokenHash: sha256Hex(token),
        expiresAt: new Date(now.getTime() + TOKEN_TTL_MS),
        createdAt: now,
      };
      if (send) await resets.upsert({ userId: user.id, ...row }, ['userId']);
      else await resets.update({ userId: NO_USER }, row);
      await this.events.record(
        SecurityEventKind.PasswordResetRequested,
        user?.id ?? null,
        req,
        { outcome: send ? 'sent' : user ? 'throttled' : 'unknown_email' },
        manager,
      );
    });
    if (!send) return;
    const url = new URL(`${this.config.frontendUrl}/reset-password`);
    url.searchParams.set('token', token);
    url.searchParams.set('email', user.email);
    this.mail.send(resetPasswordMail(this.config.appName, user.email, url.toString()));
  }

  /**
   * Sets the new password, then ends every session and token of the account. A known and an
   * unknown email take the same two statements (a lookup, then one conditional DELETE that
   * matches nothing for an unknown email), so the 422 does not tell them apart by timing; the
   * DELETE by (user, hash, unexpired) also makes the token single use under concurrency.
   */
  async confirm(dto: ConfirmPasswordResetDto, req: Request): Promise<void> {
    const user = await this.users.findByEmail(dto.email.trim());
    const consumed = await this.repo.delete({
      userId: user?.id ?? NO_USER,
      tokenHash: sha256Hex(dto.token),
      expiresAt: MoreThan(this.clock.now()),
    });
    if (!user || !consumed.affected) throw ValidationFailedException.field('token', INVALID_RESET_TOKEN);
    await this.users.updateProfile(user.id, { password: await this.hasher.hash(dto.password) });
    const sessions = await this.sessions.revokeAllForUser(user.id);
    const tokens = await this.tokens.revokeAllForUser(user.id);
    await this.events.record(SecurityEventKind.PasswordReset, user.id, req, {
      sessions_ended: sessions.length,
      tokens_revoked: tokens.length,
    });
    this.mail.send(passwordChangedMail(this.config.appName, user.email));
  }

  private async withinLimit(email: string): Promise<boolean> {
    try {
      await this.throttle.hit(RESET_EMAIL_LIMIT, email.toLowerCase());
      return true;
    } catch {
      return false;
    }
  }
}
