import { generate } from 'otplib';

/** The code an authenticator app would show at `atMs` (independent of the server's own TOTP code path). */
export const totpAt = (secret: string, atMs: number): Promise<string> =>
  generate({ secret, epoch: Math.floor(atMs / 1000), period: 30, digits: 6, algorithm: 'sha1' });
