import { Injectable } from '@nestjs/common';
import Mustache from 'mustache';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppSettings, MailSettings } from '../config/settings';
import type { MailMessage } from './mail-message';

/** Each mail's variables besides `appName`, which every template gets. */
export interface MailVariables {
  'verify-email': { url: string };
  'reset-password': { url: string };
  'password-changed': Record<string, never>;
  'security-notice': { notice: string };
  'passkey-added': { name: string };
  'passkey-removed': { name: string };
}

export type MailName = keyof MailVariables;

const MAILS: readonly MailName[] = [
  'verify-email',
  'reset-password',
  'password-changed',
  'security-notice',
  'passkey-added',
  'passkey-removed',
];
/** A mail's three parts: a one-line subject, a plain-text body and an HTML body. */
const PARTS = ['subject.txt', 'txt', 'html'] as const;
/** Shared by every HTML body as `{{> header}}` and `{{> footer}}`. */
const PARTIALS = ['header', 'footer'] as const;

/**
 * The shipped templates: copied next to the compiled file by `npm run build`. The test runner loads
 * sources as ES modules (no __dirname) from the repository root.
 */
export const DEFAULT_TEMPLATES_DIR =
  typeof __dirname === 'string'
    ? join(__dirname, 'templates', 'default')
    : join(process.cwd(), 'src', 'mail', 'templates', 'default');

export const TEMPLATE_FILES: readonly string[] = [
  ...MAILS.flatMap((m) => PARTS.map((p) => `${m}.${p}`)),
  ...PARTIALS.map((p) => `${p}.html`),
];

/** Text parts are not HTML: their variables go in as they are. */
const AS_IS = { escape: (value: unknown) => String(value) };
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** The five characters that matter in HTML text and quoted attributes (Mustache's own also encodes `/` and `=`). */
const HTML = { escape: (value: unknown) => String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]) };

/**
 * The mails' texts, as Mustache template files: the shipped ones (src/mail/templates/default), each
 * replaced by a file of the same name in MAIL_TEMPLATES_DIR when there is one. Read and checked once
 * at boot: an unknown file name or a template that does not parse stops the start with its name.
 */
@Injectable()
export class MailTemplates {
  private readonly sources: ReadonlyMap<string, string>;
  private readonly partials: Record<string, string>;

  constructor(
    mail: MailSettings,
    private readonly app: AppSettings,
  ) {
    this.sources = loadTemplates(mail.templatesDir);
    this.partials = Object.fromEntries(PARTIALS.map((p) => [p, this.source(`${p}.html`)]));
  }

  render<N extends MailName>(name: N, to: string, variables: MailVariables[N]): MailMessage {
    const view = { appName: this.app.name, ...variables };
    const subject = Mustache.render(this.source(`${name}.subject.txt`), view, {}, AS_IS);
    return {
      to,
      // A header: one line, whatever a variable held.
      subject: subject.replace(/[\r\n]+/g, ' ').trim(),
      text: Mustache.render(this.source(`${name}.txt`), view, {}, AS_IS),
      html: Mustache.render(this.source(`${name}.html`), view, this.partials, HTML),
    };
  }

  private source(file: string): string {
    const source = this.sources.get(file);
    if (source === undefined) throw new Error(`No mail template ${file}`);
    return source;
  }
}

export function loadTemplates(overrides: string | undefined): Map<string, string> {
  const sources = new Map(
    TEMPLATE_FILES.map((f) => [f, readFileSync(join(DEFAULT_TEMPLATES_DIR, f), 'utf8')]),
  );
  if (overrides) {
    if (!existsSync(overrides) || !statSync(overrides).isDirectory())
      throw new Error(`MAIL_TEMPLATES_DIR ${overrides} is not a directory`);
    for (const file of readdirSync(overrides)) {
      if (!/\.(txt|html)$/.test(file)) continue;
      if (!TEMPLATE_FILES.includes(file)) {
        throw new Error(
          `MAIL_TEMPLATES_DIR: ${file} is not a mail template (expected one of: ${TEMPLATE_FILES.join(', ')})`,
        );
      }
      sources.set(file, readFileSync(join(overrides, file), 'utf8'));
    }
  }
  for (const [file, source] of sources) {
    try {
      Mustache.parse(source);
    } catch (err) {
      throw new Error(`Mail template ${file} does not parse: ${(err as Error).message}`, { cause: err });
    }
  }
  return sources;
}
