import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30 s; ±1 step of clock drift. */
const PERIOD = 30;

export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const totpUri = (issuer: string, label: string, secret: string): string =>
  generateURI({ issuer, label, secret, algorithm: 'sha1', digits: 6, period: PERIOD });

/**
 * The time step the code matches, or null. Steps at or before `afterStep` never match (replays).
 * otplib throws on malformed input, so the shape is checked first.
 */
export async function matchTotp(
  secret: string,
  code: string,
  nowMs: number,
  afterStep?: number,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  // A last accepted step past the window (this clock is behind another instance's, or went back)
  // leaves nothing to accept; otplib would throw on it and turn a wrong code into a 500.
  if (afterStep !== undefined && afterStep >= Math.floor(nowMs / 1000 / PERIOD) + 1) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: PERIOD,
    period: PERIOD,
    algorithm: 'sha1',
    digits: 6,
    strategy: 'totp',
    ...(afterStep !== undefined && { afterTimeStep: afterStep }),
  });
  // The functional API's result type is a union with HOTP's; with strategy totp it carries timeStep.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
