import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { CryptoSettings } from '../../config/settings';

const VERSION = 'v1';

/**
 * AES-256-GCM (authenticated) encryption for secrets at rest. The key is derived from APP_KEY
 * with HKDF so that the raw APP_KEY is never used for two purposes.
 * Output: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
@Injectable()
export class Encrypter {
  private readonly key: Buffer;

  constructor(crypto: CryptoSettings) {
    this.key = Buffer.from(hkdfSync('sha256', crypto.appKey, Buffer.alloc(0), 'encryption-at-rest', 32));
  }

  encrypt(plain: string, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** `context` must match the one used to encrypt (binds a ciphertext to its row and column). */
  decrypt(payload: string, context = ''): string {
    const [version, iv, tag, body] = payload.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unsupported ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
