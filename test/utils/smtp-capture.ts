import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createTestApp, resetDatabase, type TestApp } from './test-app';

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. `failNext(n)` makes the next n
 * deliveries fail with a 451 so retries can be observed.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  /** Every DATA transfer received, including the ones failNext() refused. */
  attempts = 0;
  private failures = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData: (stream, _session, done) => {
      this.attempts += 1;
      if (this.failures > 0) {
        this.failures -= 1;
        stream.resume();
        stream.on('end', () => done(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          const to = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
          this.messages.push({
            to: to ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: String(mail.html || ''),
          });
          done();
        })
        .catch(done);
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  failNext(n: number): void {
    this.failures = n;
  }

  clear(): void {
    this.messages.length = 0;
    this.attempts = 0;
    this.failures = 0;
  }

  /** The messages received so far for `to`, in arrival order. */
  sentTo(to: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.toLowerCase().includes(to.toLowerCase()));
  }

  /** Waits (bounded) until `n` messages to `to` have arrived; returns the n-th. */
  async waitForNth(to: string, n: number, timeoutMs = 5000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sentTo(to);
      if (found.length >= n) return found[n - 1];
      if (Date.now() > deadline)
        throw new Error(`Only ${found.length} of ${n} mails to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits (bounded) for a message to `to`; sending is asynchronous by design. */
  async waitFor(to: string, timeoutMs = 5000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(to));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The first URL in a mail's text body. */
export const firstLink = (mail: CapturedMail): string => {
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (!match) throw new Error(`No link in mail "${mail.subject}"`);
  return match[0];
};

/**
 * One app per describe, wired to its own SmtpCapture: boots in beforeAll with `env` (plus MAIL_URL),
 * and before each test resets the clock, empties the database and the inbox. Read `.t` inside tests.
 */
export function withMailApp(env: Record<string, string | undefined> = {}): { t: TestApp; smtp: SmtpCapture } {
  const ctx = { smtp: new SmtpCapture() } as { t: TestApp; smtp: SmtpCapture };
  beforeAll(async () => {
    ctx.t = await createTestApp({ MAIL_URL: await ctx.smtp.start(), ...env });
  });
  afterAll(async () => {
    await ctx.t?.close();
    await ctx.smtp.stop();
  });
  beforeEach(async () => {
    ctx.t.clock.reset();
    await resetDatabase(ctx.t.db);
    ctx.smtp.clear();
  });
  return ctx;
}
