import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDERS = new Set(['', 'changeme', 'change-me', 'secret', 'base64:', 'your-app-key']);

/** Accepts Laravel's `base64:...` form or plain base64; the key must decode to exactly 32 bytes. */
export function decodeAppKey(raw: string): Buffer {
  const trimmed = raw.trim();
  if (PLACEHOLDERS.has(trimmed.toLowerCase()))
    throw new Error('APP_KEY is a placeholder; make a real one with: openssl rand -base64 32');
  const key = Buffer.from(trimmed.replace(/^base64:/, ''), 'base64');
  if (key.length !== 32)
    throw new Error('APP_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32)');
  if (key.every((b) => b === key[0])) throw new Error('APP_KEY is not random');
  return key;
}

/**
 * Production must be given its key: a generated one would silently change on every deploy and
 * invalidate everything encrypted with it. Elsewhere a key is generated once and kept under var/.
 */
export function resolveAppKey(raw: string | undefined, production: boolean, varDir: string): Buffer {
  if (raw !== undefined && raw.trim() !== '') return decodeAppKey(raw);
  if (production)
    throw new Error('APP_KEY is required when APP_ENV=production; make one with: openssl rand -base64 32');
  const file = join(varDir, 'app.key');
  if (existsSync(file)) return decodeAppKey(readFileSync(file, 'utf8'));
  mkdirSync(varDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `base64:${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
