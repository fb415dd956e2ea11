import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { Clock } from '../common/clock/clock';
import { matchTotp, newTotpSecret, totpUri } from './totp';

/** RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890". */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const STEP_MS = 30_000;

/** An independent RFC 4226/6238 code for `step`, so the tests do not trust otplib to check otplib. */
function codeAt(base32Secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A frozen clock at `ms` (the app reads "now" from Clock; so do these tests). */
const frozenAt = (ms: number) => {
  const clock = new Clock();
  clock.freeze(ms);
  return clock;
};

describe('matchTotp', () => {
  it('matches the RFC 6238 test vectors and answers their time step', async () => {
    const vectors: Array<[number, string]> = [
      [59, '287082'],
      [1111111109, '081804'],
      [1234567890, '005924'],
      [2000000000, '279037'],
    ];
    for (const [seconds, code] of vectors) {
      expect(codeAt(RFC_SECRET, Math.floor(seconds / 30))).toBe(code);
      const clock = frozenAt(seconds * 1000);
      expect(await matchTotp(RFC_SECRET, code, clock.nowMs())).toBe(Math.floor(seconds / 30));
    }
  });

  it('accepts one step of drift either way, not two', async () => {
    const step = 50_000_000;
    const code = codeAt(RFC_SECRET, step);
    const clock = frozenAt(step * STEP_MS);
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs())).toBe(step);

    clock.freeze((step - 1) * STEP_MS); // the phone is a step ahead
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs())).toBe(step);
    clock.freeze((step + 2) * STEP_MS - 1); // last millisecond of the next step
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs())).toBe(step);

    clock.freeze((step - 1) * STEP_MS - 1); // two steps early
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs())).toBeNull();
    clock.freeze((step + 2) * STEP_MS); // two steps late
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs())).toBeNull();
  });

  it('never matches a step at or before the last accepted one (replays)', async () => {
    const step = 50_000_000;
    const clock = frozenAt(step * STEP_MS + 10_000);
    const code = codeAt(RFC_SECRET, step);
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs(), step - 1)).toBe(step);
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs(), step)).toBeNull();
    expect(await matchTotp(RFC_SECRET, code, clock.nowMs(), step + 1)).toBeNull();
    // The previous step's code is within drift but older than the accepted one: refused too.
    expect(await matchTotp(RFC_SECRET, codeAt(RFC_SECRET, step - 1), clock.nowMs(), step)).toBeNull();
    // …while the next step's code is still newer than it.
    expect(await matchTotp(RFC_SECRET, codeAt(RFC_SECRET, step + 1), clock.nowMs(), step)).toBe(step + 1);
  });

  it('answers null, not an error, when the last accepted step is past the window (clock went back)', async () => {
    const step = 50_000_000;
    const clock = frozenAt(step * STEP_MS);
    const code = codeAt(RFC_SECRET, step);
    await expect(matchTotp(RFC_SECRET, code, clock.nowMs(), step + 5)).resolves.toBeNull();
    clock.advance(10 * STEP_MS);
    await expect(matchTotp(RFC_SECRET, codeAt(RFC_SECRET, step + 10), clock.nowMs(), step + 5)).resolves.toBe(
      step + 10,
    );
  });

  it('answers null for a wrong code, another secret, or anything that is not six digits', async () => {
    const step = 50_000_000;
    const now = frozenAt(step * STEP_MS).nowMs();
    const code = codeAt(RFC_SECRET, step);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await matchTotp(RFC_SECRET, wrong, now)).toBeNull();
    expect(await matchTotp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', code, now)).toBeNull();
    for (const bad of [
      '',
      code.slice(1),
      `${code}0`,
      ` ${code}`,
      `${code.slice(0, 5)}a`,
      '12 456',
      '１２３４５６',
    ]) {
      await expect(matchTotp(RFC_SECRET, bad, now)).resolves.toBeNull();
    }
  });
});

describe('newTotpSecret', () => {
  it('is 20 random bytes in base32 (32 characters), usable with matchTotp', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const now = frozenAt(1_700_000_000_000).nowMs();
    const step = Math.floor(now / STEP_MS);
    expect(await matchTotp(secret, codeAt(secret, step), now)).toBe(step);
  });
});

describe('totpUri', () => {
  it('is an otpauth://totp URI with the issuer, label and secret, and SHA-1/6 digits/30 s', () => {
    const uri = new URL(totpUri('Auth API', 'ada@example.com', RFC_SECRET));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Auth API:ada@example.com');
    expect(uri.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(uri.searchParams.get('issuer')).toBe('Auth API');
    // Omitted parameters mean the defaults (SHA1, 6, 30) to authenticator apps.
    expect((uri.searchParams.get('algorithm') ?? 'SHA1').toUpperCase()).toBe('SHA1');
    expect(uri.searchParams.get('digits') ?? '6').toBe('6');
    expect(uri.searchParams.get('period') ?? '30').toBe('30');
  });
});
