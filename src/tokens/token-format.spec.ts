import { describe, expect, it } from '@jest/globals';
import { crc32 } from 'node:zlib';
import { generateSecret, parseBearer } from './token-format';

const checksum = (entropy: string) => crc32(entropy).toString(16).padStart(8, '0');
/** A well-formed secret built here, independently of generateSecret. */
const secretOf = (prefix: string, entropy = 'A'.repeat(20) + 'b'.repeat(10) + '0123456789') =>
  `${prefix}${entropy}${checksum(entropy)}`;

describe('generateSecret', () => {
  it('is <prefix><40 alphanumerics><8 hex of their CRC32>', () => {
    for (const prefix of ['', 'app_', 'pat-']) {
      const secret = generateSecret(prefix);
      expect(secret.startsWith(prefix)).toBe(true);
      const body = secret.slice(prefix.length);
      expect(body).toMatch(/^[A-Za-z0-9]{40}[0-9a-f]{8}$/);
      expect(body.slice(40)).toBe(checksum(body.slice(0, 40)));
    }
  });

  it('is random each time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateSecret('')));
    expect(secrets.size).toBe(50);
  });

  it('parses back, bare and as <id>|<secret>', () => {
    const secret = generateSecret('app_');
    expect(parseBearer(secret, 'app_')).toEqual({ id: undefined, secret });
    expect(parseBearer(`42|${secret}`, 'app_')).toEqual({ id: '42', secret });
  });
});

describe('parseBearer', () => {
  it('accepts a secret built by hand to the format (the checksum is plain CRC32, lowercase hex)', () => {
    expect(parseBearer(secretOf(''), '')).toEqual({ id: undefined, secret: secretOf('') });
    expect(parseBearer(`7|${secretOf('x_')}`, 'x_')).toEqual({ id: '7', secret: secretOf('x_') });
  });

  it('requires the configured prefix, and only it', () => {
    expect(parseBearer(secretOf('app_'), 'app_')).not.toBeNull();
    expect(parseBearer(secretOf('app_'), 'pat_')).toBeNull();
    expect(parseBearer(secretOf(''), 'app_')).toBeNull();
    // A prefix the server does not expect is part of the body, which then has the wrong shape.
    expect(parseBearer(secretOf('app_'), '')).toBeNull();
  });

  it('rejects a wrong checksum or a changed character', () => {
    const good = secretOf('');
    const flipLast = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    expect(parseBearer(flipLast, '')).toBeNull();
    const changedEntropy = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    expect(parseBearer(changedEntropy, '')).toBeNull();
    // Uppercase hex is not ours (this checksum has letters in it).
    expect(good.slice(40)).toMatch(/[a-f]/);
    expect(parseBearer(good.slice(0, 40) + good.slice(40).toUpperCase(), '')).toBeNull();
  });

  it('rejects the wrong length or alphabet', () => {
    const good = secretOf('');
    expect(parseBearer(good.slice(1), '')).toBeNull();
    expect(parseBearer(`${good}0`, '')).toBeNull();
    const dashed = 'A'.repeat(39) + '-';
    expect(parseBearer(`${dashed}${checksum(dashed)}`, '')).toBeNull();
    expect(parseBearer('', '')).toBeNull();
    expect(parseBearer(' ' + good, '')).toBeNull();
  });

  it('accepts ids that fit a PostgreSQL bigint, nothing else', () => {
    const s = secretOf('');
    expect(parseBearer(`1|${s}`, '')?.id).toBe('1');
    expect(parseBearer(`9223372036854775807|${s}`, '')?.id).toBe('9223372036854775807');
    for (const id of [
      '',
      '0',
      '01',
      '-1',
      '1.0',
      'abc',
      ' 1',
      '9223372036854775808',
      '99999999999999999999',
    ]) {
      expect({ id, parsed: parseBearer(`${id}|${s}`, '') }).toEqual({ id, parsed: null });
    }
  });

  it('splits on the first bar only: a second bar lands in the secret and fails its shape', () => {
    expect(parseBearer(`1|2|${secretOf('')}`, '')).toBeNull();
  });
});
