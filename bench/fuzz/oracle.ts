import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FuzzRequest } from './generator';
import type { Outcome } from './http';

/** The two operations that exist to show a TOTP secret (docs/http-contract.md §7). */
export const TOTP_ENDPOINTS = new Set(['/user/two-factor-secret-key', '/user/two-factor-qr-code']);

/** Whether a GET of `path` reaches one of them (Express matches paths case-insensitively, `/` optional at the end). */
export const isTotpEndpoint = (path: string): boolean =>
  TOTP_ENDPOINTS.has(path.split('?')[0].toLowerCase().replace(/\/+$/, ''));

const BCRYPT = /\$2[aby]\$\d{2}\$/;
/** A stack frame: `at fn (file:line:col)`, raw or JSON-escaped, or a module path. */
const STACK = [
  /(?:^|\n|\\n)\s*at [^\n]*? \(/,
  /(?:node:internal\/|[^\s()"]+\.(?:[cm]?js|ts):)\S*?\d+:\d+/,
  /node_modules/,
];

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Everything no response may contain: the hashes of every token the run has seen, every session id,
 * every TOTP secret (except from the two endpoints made to show it).
 */
export class SecretRegistry {
  readonly tokenHashes = new Set<string>();
  readonly sessionIds = new Set<string>();
  readonly totpSecrets = new Set<string>();

  constructor(private readonly sessionCookie = 'app_session') {}

  /** A bearer token `<id>|<secret>`: the hash of its secret (and of the whole, to be safe) is secret. */
  addToken(token: string): void {
    const secret = token.includes('|') ? token.slice(token.indexOf('|') + 1) : token;
    this.tokenHashes.add(sha256(secret));
    this.tokenHashes.add(sha256(token));
  }

  addSessionId(value: string): void {
    if (value.length < 16) return;
    this.sessionIds.add(value);
    try {
      const decoded = decodeURIComponent(value);
      if (decoded !== value) this.sessionIds.add(decoded);
    } catch {
      // not URL-encoded
    }
  }

  addTotpSecret(secret: string): void {
    if (secret.length >= 16) this.totpSecrets.add(secret);
  }

  /** Learns what a response hands out: new tokens, session cookies, secrets from the two TOTP endpoints. */
  learn(req: { path: string; method: string }, outcome: Outcome): void {
    if (!outcome.ok) return;
    for (const line of outcome.headers['set-cookie'] ?? []) {
      const pair = line.split(';', 1)[0];
      if (pair.startsWith(`${this.sessionCookie}=`))
        this.addSessionId(pair.slice(this.sessionCookie.length + 1));
    }
    const text = outcome.body.toString('utf8');
    for (const [, token] of text.matchAll(/"(\d+\|[A-Za-z0-9_-]{40,})"/g)) this.addToken(token);
    if (req.method === 'GET' && isTotpEndpoint(req.path) && outcome.status === 200) {
      for (const [, s] of text.matchAll(/"secretKey"\s*:\s*"([A-Z2-7=]+)"/g)) this.addTotpSecret(s);
      for (const [, s] of text.matchAll(/[?&]secret=([A-Z2-7=]+)/g)) this.addTotpSecret(s);
    }
  }

  /** Every secret found in `text`; `allowTotp` on the two TOTP endpoints, `skipSessionIds` for Set-Cookie. */
  findIn(text: string, allowTotp: boolean, skipSessionIds = false): string[] {
    const found: string[] = [];
    if (BCRYPT.test(text)) found.push('a bcrypt hash');
    const lower = text.toLowerCase();
    for (const h of this.tokenHashes) if (lower.includes(h)) found.push(`token hash ${h.slice(0, 12)}…`);
    if (!skipSessionIds)
      for (const s of this.sessionIds) if (text.includes(s)) found.push(`session id ${s.slice(0, 8)}…`);
    if (!allowTotp)
      for (const s of this.totpSecrets) if (text.includes(s)) found.push(`TOTP secret ${s.slice(0, 4)}…`);
    for (const re of STACK) if (re.test(text)) found.push(`stack trace (${re.source})`);
    return found;
  }
}

/** `/api` routes answer the envelope, the others `{message}` (docs/http-contract.md §1): the same test as the server's. */
export const isApiPath = (path: string): boolean => {
  const pathname = path.split('?')[0];
  return pathname === '/api' || pathname.startsWith('/api/');
};

function checkErrors(errors: unknown, problems: string[]): void {
  if (errors === null || typeof errors !== 'object' || Array.isArray(errors)) {
    problems.push('`errors` is not an object');
    return;
  }
  for (const [field, messages] of Object.entries(errors)) {
    if (!Array.isArray(messages) || !messages.every((x) => typeof x === 'string'))
      problems.push(`errors.${field} is not a list of messages`);
  }
}

/** The error body of docs/http-contract.md §1 for the request's route family. */
export function checkErrorShape(
  req: FuzzRequest,
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): string[] {
  const problems: string[] = [];
  const type = String(headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) problems.push(`error body is not JSON (Content-Type "${type}")`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    problems.push(
      `error body does not parse as JSON: ${JSON.stringify(body.toString('utf8').slice(0, 120))}`,
    );
    return problems;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push('error body is not a JSON object');
    return problems;
  }
  const b = parsed as Record<string, unknown>;
  const keys = Object.keys(b);
  if (isApiPath(req.path)) {
    const extra = keys.filter((k) => !['success', 'errors_message', 'message', 'data', 'errors'].includes(k));
    if (extra.length) problems.push(`envelope has extra keys ${extra.join(', ')}`);
    if (b.success !== false) problems.push('envelope: success is not false');
    if (typeof b.errors_message !== 'string' || !b.errors_message)
      problems.push('envelope: errors_message is not a message');
    if (b.message !== b.errors_message) problems.push('envelope: message differs from errors_message');
    if (b.data !== null) problems.push('envelope: data is not null');
  } else {
    const extra = keys.filter((k) => !['message', 'errors'].includes(k));
    if (extra.length) problems.push(`bare error has extra keys ${extra.join(', ')}`);
    if (typeof b.message !== 'string' || !b.message) problems.push('bare error: message is not a message');
  }
  if ('errors' in b) {
    if (status !== 422) problems.push(`errors on a ${status}`);
    checkErrors(b.errors, problems);
  } else if (status === 422) problems.push('422 without errors');
  return problems;
}

/** Everything wrong with one response; empty when it is acceptable. */
export function judge(req: FuzzRequest, outcome: Outcome, secrets: SecretRegistry): string[] {
  if (!outcome.ok) return [outcome.timedOut ? `hang: ${outcome.error}` : `no response: ${outcome.error}`];
  const problems: string[] = [];
  const { status, headers, body } = outcome;
  if (status >= 500) problems.push(`status ${status}`);
  if (status >= 400 && req.method !== 'HEAD') problems.push(...checkErrorShape(req, status, headers, body));
  const allowTotp = req.method === 'GET' && status === 200 && isTotpEndpoint(req.path);
  for (const leak of secrets.findIn(body.toString('utf8'), allowTotp)) problems.push(`body leaks ${leak}`);
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [String(value ?? '')];
    for (const v of values)
      for (const leak of secrets.findIn(v, false, name === 'set-cookie'))
        problems.push(`header ${name} leaks ${leak}`);
  }
  return problems;
}
