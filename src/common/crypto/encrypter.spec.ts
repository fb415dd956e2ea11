import { describe, expect, it } from '@jest/globals';
import { CryptoSettings } from '../../config/settings';
import { Encrypter } from './encrypter';

const key = (seed: number) => Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 31 + seed) & 0xff));
const encrypterFor = (appKey: Buffer) => new Encrypter(new CryptoSettings(appKey, 4, 1, 0));
const encrypter = encrypterFor(key(1));

/** Flips one bit of the base64url part `index` (1 = iv, 2 = tag, 3 = ciphertext). */
function tamper(payload: string, index: number): string {
  const parts = payload.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('Encrypter', () => {
  it('round-trips text, including empty and non-ASCII', () => {
    for (const plain of ['JBSWY3DPEHPK3PXP', '', 'päss wörd 🔑', 'x'.repeat(10_000)]) {
      expect(encrypter.decrypt(encrypter.encrypt(plain))).toBe(plain);
      expect(encrypter.decrypt(encrypter.encrypt(plain, 'users.42.secret'), 'users.42.secret')).toBe(plain);
    }
  });

  it('writes v1.<iv>.<tag>.<ciphertext> with a fresh IV each time, and no plaintext', () => {
    const a = encrypter.encrypt('top secret');
    const b = encrypter.encrypt('top secret');
    expect(a).not.toBe(b);
    const [version, iv, tag, body] = a.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(body, 'base64url')).toHaveLength('top secret'.length);
    expect(a).not.toContain('top secret');
    expect(Buffer.from(body, 'base64url').toString('utf8')).not.toBe('top secret');
  });

  it('refuses a ciphertext under another context (bound to its row and column)', () => {
    const payload = encrypter.encrypt('secret', 'users.1.two_factor_secret');
    expect(() => encrypter.decrypt(payload, 'users.2.two_factor_secret')).toThrow();
    expect(() => encrypter.decrypt(payload)).toThrow();
    expect(() => encrypter.decrypt(encrypter.encrypt('secret'), 'users.1.two_factor_secret')).toThrow();
  });

  it('refuses a ciphertext made under another APP_KEY; the same key decrypts across instances', () => {
    const payload = encrypter.encrypt('secret', 'ctx');
    expect(() => encrypterFor(key(2)).decrypt(payload, 'ctx')).toThrow();
    expect(encrypterFor(key(1)).decrypt(payload, 'ctx')).toBe('secret');
  });

  it('refuses any tampered part', () => {
    const payload = encrypter.encrypt('secret', 'ctx');
    for (const index of [1, 2, 3]) {
      expect(() => encrypter.decrypt(tamper(payload, index), 'ctx')).toThrow();
    }
    expect(() => encrypter.decrypt(payload.replace(/^v1\./, 'v2.'), 'ctx')).toThrow('Unsupported ciphertext');
  });

  it('refuses malformed payloads with "Unsupported ciphertext"', () => {
    for (const bad of ['', 'v1', 'v1.a', 'v1.a.b', 'not a payload', 'v1..b.c']) {
      expect(() => encrypter.decrypt(bad)).toThrow('Unsupported ciphertext');
    }
  });
});
