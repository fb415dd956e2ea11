import { Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { CryptoSettings } from '../../config/settings';

/** bcrypt at BCRYPT_ROUNDS, run on libuv's thread pool so it never blocks the event loop. */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(private readonly crypto: CryptoSettings) {}

  hash(plain: string): Promise<string> {
    return bcrypt.hash(plain, this.crypto.bcryptRounds);
  }

  /**
   * Compares against the stored hash, or against a dummy hash of the same cost when there is
   * none, so that "no such user" costs the same time as "wrong password".
   */
  async verify(plain: string, hash: string | null | undefined): Promise<boolean> {
    if (!hash) {
      await bcrypt.compare(plain, await this.dummyHash());
      return false;
    }
    return bcrypt.compare(plain, hash);
  }

  private dummyHash(): Promise<string> {
    // Computed once and shared; a failed attempt is not kept, so the next login tries again.
    this.dummy ??= bcrypt.hash('timing-equaliser', this.crypto.bcryptRounds).catch((err: unknown) => {
      this.dummy = undefined;
      throw err;
    });
    return this.dummy;
  }
}
