import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { MailSettings } from '../config/settings';
import type { MailMessage } from './mail-message';

const ATTEMPTS = 3;
const FIRST_RETRY_MS = 500;

/**
 * Sends mail off the request path. With MAIL_URL, nodemailer over SMTP with retries and backoff;
 * without it, the whole message (links included) goes to the log so a developer can follow it.
 * A failed send is logged and never reaches the client.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transport?: Transporter;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly mail: MailSettings) {
    if (mail.url) this.transport = nodemailer.createTransport(mail.url);
  }

  /** Queues the message and returns at once. */
  send(message: MailMessage): void {
    // Not even the first step (log write, SMTP connect) runs on the request path.
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(message))
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Resolves when every queued message has been sent or given up on (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.drain();
    this.transport?.close();
  }

  private async deliver(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log(`Mail (no MAIL_URL set) to ${message.to}: ${message.subject}\n${message.text}`);
      return;
    }
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await this.transport.sendMail({ from: this.mail.from, ...message });
        return;
      } catch (err) {
        const last = attempt === ATTEMPTS;
        this.logger[last ? 'error' : 'warn'](
          `Sending "${message.subject}" failed (attempt ${attempt}/${ATTEMPTS}): ${(err as Error).message}`,
        );
        if (!last) await new Promise((r) => setTimeout(r, FIRST_RETRY_MS * 2 ** (attempt - 1)));
      }
    }
  }
}
