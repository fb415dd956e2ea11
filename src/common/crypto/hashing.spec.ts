import { describe, expect, it } from '@jest/globals';
import { randomId, randomString, safeEqual, sha256Hex } from './hashing';

describe('sha256Hex', () => {
  it('is SHA-256 of the UTF-8 bytes, lowercase hex', () => {
    // FIPS 180-2 test vectors.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('é')).not.toBe(sha256Hex('e\u0301'));
    expect(sha256Hex('é')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('safeEqual', () => {
  it('is true exactly when the strings are equal', () => {
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('token-123', 'token-123')).toBe(true);
    expect(safeEqual('token-123', 'token-124')).toBe(false);
    expect(safeEqual('Token-123', 'token-123')).toBe(false);
  });

  it('answers false (instead of throwing, as timingSafeEqual does) for different lengths', () => {
    expect(() => safeEqual('short', 'longer')).not.toThrow();
    expect(safeEqual('short', 'longer')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('abcd', 'abc')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
  });

  it('compares bytes, not UTF-16 units: equal-looking strings with different encodings differ', () => {
    expect(safeEqual('é', 'e\u0301')).toBe(false);
    // Same UTF-16 length, different UTF-8 length.
    expect('é'.length).toBe('e'.length);
    expect(safeEqual('é', 'e')).toBe(false);
    expect(safeEqual('日本', '日本')).toBe(true);
  });
});

describe('randomString', () => {
  it('has the requested length, over [A-Za-z0-9] by default', () => {
    expect(randomString(0)).toBe('');
    const s = randomString(2000);
    expect(s).toHaveLength(2000);
    expect(s).toMatch(/^[A-Za-z0-9]+$/);
    // 2000 draws over 62 symbols: every class shows up.
    expect(s).toMatch(/[A-Z]/);
    expect(s).toMatch(/[a-z]/);
    expect(s).toMatch(/[0-9]/);
  });

  it('draws only from the given alphabet, and from all of it', () => {
    const s = randomString(500, 'xy');
    expect(s).toMatch(/^[xy]{500}$/);
    expect(s).toContain('x');
    expect(s).toContain('y');
    expect(randomString(10, 'z')).toBe('z'.repeat(10));
  });

  it('differs between calls', () => {
    expect(randomString(40)).not.toBe(randomString(40));
  });
});

describe('randomId', () => {
  it('is base64url of the given number of random bytes (32 by default)', () => {
    const id = randomId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(randomId(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(Array.from({ length: 100 }, () => randomId())).size).toBe(100);
  });
});
