import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { IsNull, MoreThan, Not, Repository } from 'typeorm';
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

  /** Same answer whatever the email; a verified account or a throttled email gets no mail. */
  async request(dto: RequestEmailVerificationDto, req: Request): Promise<void> {
    const email = dto.email.trim();
    if (!(await this.withinLimit(email))) return;
    const user = await this.users.findByEmail(email);
    if (user?.emailVerifiedAt) return;
    const token = randomString(64);
    const now = this.clock.now();
    await this.repo.insert({
      email,
      tokenHash: sha256Hex(token),
      appLink: dto.app_link ?? null,
      requestSource: dto.request_source ?? null,
      expiresAt: new Date(now.getTime() + LINK_TTL_MS),
      usedAt: null,
      verifiedAt: null,
      createdAt: now,
    });
    if (user) await this.events.record(SecurityEventKind.EmailVerificationRequested, user.id, req);
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
    if (user && !user.emailVerifiedAt) {
      await this.users.updateProfile(user.id, { emailVerifiedAt: now });
      await this.events.record(SecurityEventKind.EmailVerified, user.id, req);
    }
    return this.redirect(row.appLink, { verified: '1' });
  }

  /** Whether this email opened a verification link before its account existed. */
  async isPreVerified(email: string): Promise<boolean> {
    return this.repo
      .createQueryBuilder('v')
      .where('lower(v.email) = lower(:email)', { email })
      .andWhere({ verifiedAt: Not(IsNull()) })
      .getExists();
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
