import { crc32 } from 'node:zlib';
import { randomString } from '../common/crypto/hashing';

/**
 * Sanctum's token format: `<id>|<prefix><40 random [A-Za-z0-9]><8 hex CRC32 of the 40>`.
 * The checksum lets secret scanners (and this server, before any query) reject mistyped or
 * made-up tokens cheaply.
 */
export function generateSecret(prefix: string): string {
  const entropy = randomString(40);
  return `${prefix}${entropy}${crc32(entropy).toString(16).padStart(8, '0')}`;
}

export interface ParsedToken {
  id?: string;
  secret: string;
}

const ID = /^[1-9][0-9]{0,18}$/;
/** PostgreSQL bigint: a larger id would make the lookup fail with a 400 instead of a 401. */
const MAX_ID = 9223372036854775807n;

/** Parses `<id>|<secret>` or a bare secret; null when it cannot be one of ours. */
export function parseBearer(raw: string, prefix: string): ParsedToken | null {
  const bar = raw.indexOf('|');
  const id = bar === -1 ? undefined : raw.slice(0, bar);
  const secret = bar === -1 ? raw : raw.slice(bar + 1);
  if (id !== undefined && (!ID.test(id) || BigInt(id) > MAX_ID)) return null;
  if (!secret.startsWith(prefix)) return null;
  const body = secret.slice(prefix.length);
  if (!/^[A-Za-z0-9]{40}[0-9a-f]{8}$/.test(body)) return null;
  const entropy = body.slice(0, 40);
  if (crc32(entropy).toString(16).padStart(8, '0') !== body.slice(40)) return null;
  return { id, secret };
}
