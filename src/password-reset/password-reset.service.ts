import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import { AppSettings } from '../config/settings';
import { MailService } from '../mail/mail.service';
import { MailTemplates } from '../mail/mail-templates';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { UsersService } from '../users/users.service';
import { PasswordReplacement } from '../auth/passwords/password-replacement';
import type { ConfirmPasswordResetDto } from './dto/password-reset.dto';
import { PasswordResetRepository } from './password-reset.repository';

const TOKEN_TTL_MS = 60 * 60_000;
/** Silent: past it the endpoint still answers 200 but sends nothing. */
export const RESET_EMAIL_LIMIT: LimitSpec = { name: 'password-reset', points: 3, durationSeconds: 15 * 60 };
export const INVALID_RESET_TOKEN = 'This password reset token is invalid.';

@Injectable()
export class PasswordResetService {
  constructor(
    private readonly resets: PasswordResetRepository,
    private readonly users: UsersService,
    private readonly replacement: PasswordReplacement,
    private readonly mail: MailService,
    private readonly templates: MailTemplates,
    private readonly throttle: ThrottleService,
    private readonly events: AccountEvents,
    private readonly app: AppSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Known and unknown emails take the same path, so neither the answer nor its timing tells them
   * apart: one lookup, then one transaction of the same shape (the reset row is written only for a
   * known, unthrottled email; the security event always), committed without waiting for the WAL
   * flush (a lost reset token only means asking again). The mail leaves after the response.
   */
  async request(email: string, client: ClientDetails): Promise<void> {
    const normalized = email.trim();
    const throttled = !(await this.withinLimit(normalized));
    const user = await this.users.findByEmail(normalized);
    const token = randomString(64);
    const now = this.clock.now();
    const send = !!user && !throttled;
    const row = {
      tokenHash: sha256Hex(token),
      expiresAt: new Date(now.getTime() + TOKEN_TTL_MS),
      createdAt: now,
    };
    await this.resets.saveToken(send ? user.id : null, row, (manager) =>
      this.events.publish(
        AccountEventKind.PasswordResetRequested,
        user?.id ?? null,
        client,
        { outcome: send ? 'sent' : user ? 'throttled' : 'unknown_email' },
        manager,
      ),
    );
    if (!send) return;
    const url = new URL(`${this.app.frontendUrl}/reset-password`);
    url.searchParams.set('token', token);
    url.searchParams.set('email', user.email);
    this.mail.send(this.templates.render('reset-password', user.email, { url: url.toString() }));
  }

  /**
   * Sets the new password, then ends every session and token of the account (PasswordReplacement). A known and an
   * unknown email take the same two statements (a lookup, then one conditional DELETE that
   * matches nothing for an unknown email), so the 422 does not tell them apart by timing; the
   * DELETE by (user, hash, unexpired) also makes the token single use under concurrency.
   */
  async confirm(dto: ConfirmPasswordResetDto, client: ClientDetails): Promise<void> {
    const user = await this.users.findByEmail(dto.email.trim());
    const consumed = await this.resets.consume(user?.id ?? null, sha256Hex(dto.token), this.clock.now());
    if (!user || !consumed) throw ValidationFailedException.field('token', INVALID_RESET_TOKEN);
    await this.replacement.replace(user, dto.password, { via: 'reset', client });
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
