import type { MailMessage } from '../mail-message';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface MailContent {
  subject: string;
  lines: string[];
  action?: { label: string; url: string };
  outro?: string[];
}

/** One plain-text and one HTML body from the same content, signed with the app name. */
export function render(appName: string, to: string, content: MailContent): MailMessage {
  const { subject, lines, action, outro = [] } = content;
  const text = [
    `${appName}`,
    '',
    ...lines,
    ...(action ? ['', `${action.label}: ${action.url}`] : []),
    ...(outro.length ? ['', ...outro] : []),
    '',
    `— ${appName}`,
  ].join('\n');
  const p = (l: string) => `<p>${escape(l)}</p>`;
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">`,
    `<h2>${escape(appName)}</h2>`,
    ...lines.map(p),
    action ? `<p><a href="${escape(action.url)}">${escape(action.label)}</a></p>` : '',
    ...outro.map(p),
    `<p>— ${escape(appName)}</p></body></html>`,
  ].join('');
  return { to, subject: `${subject} — ${appName}`, text, html };
}
