import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { isAllowlisted, withQuery } from '../common/http/redirects';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import { AppSettings } from '../config/settings';
import { MailService } from '../mail/mail.service';
import { MailTemplates } from '../mail/mail-templates';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { UsersService } from '../users/users.service';
import type { RequestEmailVerificationDto } from './dto/email-verification.dto';
import { EmailVerificationRepository } from './email-verification.repository';

const LINK_TTL_MS = 60 * 60_000;
/** Silent: past it the endpoint still answers 200 but sends nothing. */
export const VERIFY_EMAIL_LIMIT: LimitSpec = { name: 'verify-email', points: 3, durationSeconds: 15 * 60 };

@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly links: EmailVerificationRepository,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly templates: MailTemplates,
    private readonly throttle: ThrottleService,
    private readonly events: AccountEvents,
    private readonly app: AppSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * Same answer whatever the email, and the same work: one lookup, then one transaction of the
   * same shape whether the link is sent (unknown or unverified email) or not (verified account,
   * throttled email), so neither the answer nor its timing tells a verified account apart.
   */
  async request(dto: RequestEmailVerificationDto, client: ClientDetails): Promise<void> {
    const email = dto.email.trim();
    const withinLimit = await this.withinLimit(email);
    const user = await this.users.findByEmail(email);
    const send = withinLimit && !user?.emailVerifiedAt;
    const token = randomString(64);
    const now = this.clock.now();
    const row = {
      email,
      tokenHash: sha256Hex(token),
      appLink: dto.app_link ?? null,
      requestSource: dto.request_source ?? null,
      expiresAt: new Date(now.getTime() + LINK_TTL_MS),
      usedAt: null,
      verifiedAt: null,
      createdAt: now,
    };
    await this.links.saveLink(row, send, (manager) =>
      this.events.publish(
        AccountEventKind.EmailVerificationRequested,
        user?.id ?? null,
        client,
        { outcome: send ? 'sent' : withinLimit ? 'already_verified' : 'throttled' },
        manager,
      ),
    );
    if (!send) return;
    this.mail.send(
      this.templates.render('verify-email', email, { url: `${this.app.url}/api/user/email/verify/${token}` }),
    );
  }

  /** Opens a link: marks the email verified (now, or at registration) and says where to send the browser. */
  async open(token: string, client: ClientDetails): Promise<string> {
    const row = /^[A-Za-z0-9]{64}$/.test(token) ? await this.links.findByTokenHash(sha256Hex(token)) : null;
    if (!row) return this.redirect(null, { verified: '0', error: 'invalid' });
    const now = this.clock.now();
    if (!(await this.links.claim(row.id, now))) {
      const error = row.usedAt === null && row.expiresAt <= now ? 'expired' : 'invalid';
      return this.redirect(row.appLink, { verified: '0', error });
    }
    const user = await this.users.findByEmail(row.email);
    if (!user) {
      // No account yet: the verification counts only for a registration that carries this token
      // (from the redirect), so whoever registers the address must hold the mailbox.
      return this.redirect(row.appLink, { verified: '1', verification: token });
    }
    if (!user.emailVerifiedAt) {
      await this.users.markEmailVerified(user.id, now);
      await this.events.publish(AccountEventKind.EmailVerified, user.id, client);
    }
    return this.redirect(row.appLink, { verified: '1' });
  }

  /**
   * Registration with the token of a link opened before the account existed: true (once, and
   * within the link's lifetime since it was opened) when the token was opened for this email.
   * Without it a pre-registration verification counts for nothing, so an account registered by
   * someone else for that address is born unverified (and never auto-linked to a provider).
   */
  async claimPreVerification(email: string, token: string | undefined): Promise<boolean> {
    if (!token || !/^[A-Za-z0-9]{64}$/.test(token)) return false;
    return this.links.consumeVerified(sha256Hex(token), email, new Date(this.clock.nowMs() - LINK_TTL_MS));
  }

  private redirect(appLink: string | null, params: Record<string, string>): string {
    const target = isAllowlisted(appLink, this.app.appLinkAllowlist) ? appLink : this.app.frontendUrl;
    return withQuery(target, params);
  }

  private async withinLimit(email: string): Promise<boolean> {
    try {
      await this.throttle.hit(VERIFY_EMAIL_LIMIT, email.toLowerCase());
      return true;
    } catch {
      return false;
    }
  }
}
