import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSettings, MailSettings } from '../config/settings';
import { MailTemplates } from './mail-templates';

const app = (name = 'Acme Auth') => new AppSettings(name, 'http://api.test', 'http://spa.test', [], false);
const templates = (dir?: string, name?: string) =>
  new MailTemplates(new MailSettings(undefined, 'no-reply@test', dir), app(name));

describe('MailTemplates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the shipped templates: a one-line subject, the text as is, the HTML escaped', () => {
    const url = 'http://spa.test/reset-password?token=abc&email=a%40b.test';
    const mail = templates().render('reset-password', 'a@b.test', { url });
    expect(mail.to).toBe('a@b.test');
    expect(mail.subject).toBe('Reset your password — Acme Auth');
    expect(mail.text).toContain(`Reset password: ${url}`);
    expect(mail.text.startsWith('Acme Auth\n')).toBe(true);
    expect(mail.html).toContain(`<a href="${url.replace('&', '&amp;')}">Reset password</a>`);
    expect(mail.html).toMatch(/^<!doctype html>.*<h2>Acme Auth<\/h2>/s);
    expect(mail.html).toContain('<p>— Acme Auth</p></body></html>');
  });

  it('escapes what a variable holds in the HTML part, never in the text part', () => {
    const notice = 'A <script>alert(1)</script> & co';
    const mail = templates().render('security-notice', 'a@b.test', { notice });
    expect(mail.html).toContain('A &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain(notice);
  });

  it('keeps the subject on one line whatever the app name holds', () => {
    const mail = templates(undefined, 'Evil\r\nBcc: x@y.test').render('password-changed', 'a@b.test', {});
    expect(mail.subject).toBe('Your password was changed — Evil Bcc: x@y.test');
  });

  it('takes a file of MAIL_TEMPLATES_DIR over the shipped one of the same name, and the rest as shipped', () => {
    writeFileSync(join(dir, 'verify-email.txt'), 'Hello from {{appName}}: {{{url}}} and {{url}}\n');
    writeFileSync(join(dir, 'header.html'), '<html><body><h1>{{appName}} custom</h1>');
    writeFileSync(join(dir, 'README.md'), 'not a template, ignored');
    const mail = templates(dir).render('verify-email', 'a@b.test', { url: 'http://api.test/v?a=1&b=2' });
    expect(mail.text).toBe('Hello from Acme Auth: http://api.test/v?a=1&b=2 and http://api.test/v?a=1&b=2\n');
    expect(mail.html).toContain('<h1>Acme Auth custom</h1>');
    expect(mail.html).toContain('Verify email address</a>');
    expect(mail.subject).toBe('Verify your email address — Acme Auth');
  });

  it('stops the boot on an unknown template name, a template that does not parse, or a missing folder', () => {
    writeFileSync(join(dir, 'verify-mail.txt'), 'typo in the name');
    expect(() => templates(dir)).toThrow(/verify-mail\.txt is not a mail template/);
    rmSync(join(dir, 'verify-mail.txt'));
    writeFileSync(join(dir, 'reset-password.html'), '{{#url}} never closed');
    expect(() => templates(dir)).toThrow(/reset-password\.html does not parse/);
    expect(() => templates(join(dir, 'missing'))).toThrow(/is not a directory/);
  });
});
