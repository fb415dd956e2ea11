import { expect } from '@jest/globals';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parse } from 'cookie';

/**
 * What no response body may ever contain (docs/http-contract.md §1): hashes, hash columns, password fields,
 * stack traces.
 */
const BCRYPT = /\$2[aby]?\$\d{2}\$/;
/** A stack frame after a raw or JSON-escaped newline. */
const STACK = /(\n|\\n)\s+at .+\(.*:\d+:\d+\)/;
const FORBIDDEN_KEYS = new Set(['password', 'password_hash', 'token_hash', 'tokenHash', 'secret']);

interface Captured {
  label: string;
  body: string;
  cookies: string[];
}

/** Collects every string value that would be a leak in `text`; empty when clean. */
export function leaksIn(text: string, secrets: Iterable<string> = []): string[] {
  const found: string[] = [];
  if (BCRYPT.test(text)) found.push('bcrypt hash');
  if (text.includes('token_hash')) found.push('token_hash');
  if (STACK.test(text)) found.push('stack trace');
  for (const s of secrets) if (s && text.includes(s)) found.push(`secret ${s.slice(0, 6)}…`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return found;
  }
  const walk = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      // `errors.password` of a 422 names the failing field, it holds messages only.
      if (path === '' && k === 'errors') continue;
      if (FORBIDDEN_KEYS.has(k)) found.push(`key ${path}${k}`);
      walk(v, `${path}${k}.`);
    }
  };
  walk(json, '');
  return found;
}

/** Asserts one response body is clean; `secrets` are values that must not appear in it. */
export function expectNoLeaks(res: { text?: string; body?: unknown }, secrets: string[] = []): void {
  const text = res.text ?? JSON.stringify(res.body ?? '');
  expect(leaksIn(text, secrets)).toEqual([]);
}

/**
 * Watches every response the server sends (registered first, so it sees even synchronous answers)
 * and remembers every session id it saw in a Cookie or Set-Cookie header. `assertClean()` fails if any
 * body contained a hash, a password field, a stack trace or any session id; call it in afterEach.
 */
export function auditResponses(server: Server, sessionCookie = 'app_session') {
  let captured: Captured[] = [];
  const sessionIds = new Set<string>();

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // The API document names fields (`password`, …) without holding any value; the response contract
    // check (response-contract.setup.ts) reads it from every test app.
    if (req.url?.startsWith('/docs')) return;
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, enc));
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      const raw = res.getHeader('set-cookie');
      const cookies = Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : [];
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push({ label: `${req.method} ${req.url} → ${res.statusCode}`, body, cookies });
      return end(...args);
    }) as ServerResponse['end'];
    const sent = req.headers.cookie ? parse(req.headers.cookie)[sessionCookie] : undefined;
    if (sent) sessionIds.add(sent);
  };
  server.prependListener('request', onRequest);

  return {
    /** Every response since the last call is checked, then forgotten. */
    assertClean(): void {
      for (const c of captured)
        for (const header of c.cookies) {
          const [pair] = header.split(';');
          if (pair.startsWith(`${sessionCookie}=`)) sessionIds.add(pair.slice(sessionCookie.length + 1));
        }
      const problems = captured
        .map((c) => ({ response: c.label, leaks: leaksIn(c.body, sessionIds) }))
        .filter((p) => p.leaks.length > 0);
      captured = [];
      expect(problems).toEqual([]);
    },
    get count(): number {
      return captured.length;
    },
    stop(): void {
      server.removeListener('request', onRequest);
    },
  };
}
