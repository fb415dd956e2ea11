import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { isAllowlisted, withQuery } from '../common/http/redirects';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import { AppConfig } from '../config/auth.config';
import { MailService } from '../mail/mail.service';
import { verifyEmailMail } from '../mail/templates/account-mails';
import { SecurityEventKind } from '../security-events/security-event.entity';
import { SecurityEventsService } from '../security-events/security-events.service';
import { UsersRepository } from '../users/users.repository';
import type { RequestEmailVerificationDto } from './dto/email-verification.dto';
import { EmailVerification } from './email-verification.entity';

const LINK_TTL_MS = 60 * 60_000;
/** Matches no row: the update that keeps the no-mail branch the same shape as the insert. */
const NO_ROW = '00000000-0000-0000-0000-000000000000';
/** Silent: past it the endpoint still answers 200 but sends nothing. */
export const VERIFY_EMAIL_LIMIT: LimitSpec = { name: 'verify-email', points: 3, durationSeconds: 15 * 60 };

@Injectable()
export class EmailVerificationService {
  constructor(
    @InjectRepository(EmailVerification) private readonly repo: Repository<EmailVerification>,
    private readonly users: UsersRepository,
    private readonly mail: MailService,
    private readonly throttle: ThrottleService,
    private readonly events: SecurityEventsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Same answer whatever the email, and the same work: one lookup, then one transaction of the
   * same shape whether the link is sent (unknown or unverified email) or not (verified account,
   * throttled email), so neither the answer nor its timing tells a verified account apart.
   */
  async request(dto: RequestEmailVerificationDto, req: Request): Promise<void> {
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
    await this.repo.manager.transaction(async (manager) => {
      const links = manager.getRepository(EmailVerification);
      if (send) await links.insert(row);
      else await links.update({ id: NO_ROW }, row);
      await this.events.record(
        SecurityEventKind.EmailVerificationRequested,
        user?.id ?? null,
        req,
        { outcome: send ? 'sent' : withinLimit ? 'already_verified' : 'throttled' },
        manager,
      );
    });
    if (!send) return;
    this.mail.send(
      verifyEmailMail(this.config.appName, email, `${this.config.appUrl}/api/user/email/verify/${token}`),
    );
  }

  /** Opens a link: marks the email verified (now, or at registration) and says where to send the browser. */
  async open(token: string, req: Request): Promise<string> {
    const row = /^[A-Za-z0-9]{64}$/.test(token)
      ? await this.repo.findOneBy({ tokenHash: sha256Hex(token) })
      : null;
    if (!row) return this.redirect(null, { verified: '0', error: 'invalid' });
    const now = this.clock.now();
    // Single use under concurrency: only the request whose UPDATE matches may verify.
    const claimed = await this.repo.update(
      { id: row.id, usedAt: IsNull(), expiresAt: MoreThan(now) },
      { usedAt: now, verifiedAt: now },
    );
    if (!claimed.affected) {
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
      await this.users.updateProfile(user.id, { emailVerifiedAt: now });
      await this.events.record(SecurityEventKind.EmailVerified, user.id, req);
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
    const claimed = await this.repo
      .createQueryBuilder()
      .delete()
      .where('token_hash = :hash AND lower(email) = lower(:email)', { hash: sha256Hex(token), email })
      .andWhere('verified_at IS NOT NULL AND verified_at > :since', {
        since: new Date(this.clock.nowMs() - LINK_TTL_MS),
      })
      .execute();
    return (claimed.affected ?? 0) === 1;
  }

  private redirect(appLink: string | null, params: Record<string, string>): string {
    const target = isAllowlisted(appLink, this.config.appLinkAllowlist) ? appLink : this.config.frontendUrl;
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
