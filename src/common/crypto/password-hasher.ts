import { Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { CryptoSettings } from '../../config/settings';
import { ServerBusyException } from '../errors/app-exceptions';
import { WorkQueue } from './work-queue';

/**
 * bcrypt at BCRYPT_ROUNDS, off the event loop and through a bounded queue: about one hash per core
 * (PASSWORD_HASH_CONCURRENCY), PASSWORD_HASH_QUEUE waiting, 503 with Retry-After past that. A login
 * storm then slows logins, not the authenticated reads that share the cores.
 */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;
  private readonly queue: WorkQueue;

  constructor(private readonly crypto: CryptoSettings) {
    this.queue = new WorkQueue(crypto.hashConcurrency, crypto.hashQueue);
  }

  async hash(plain: string): Promise<string> {
    return this.run(() => bcrypt.hash(plain, this.crypto.bcryptRounds));
  }

  /**
   * Compares against the stored hash, or against a dummy hash of the same cost when there is
   * none, so that "no such user" costs the same time as "wrong password".
   */
  async verify(plain: string, hash: string | null | undefined): Promise<boolean> {
    if (!hash) {
      const dummy = await this.dummyHash();
      await this.run(() => bcrypt.compare(plain, dummy));
      return false;
    }
    return this.run(() => bcrypt.compare(plain, hash));
  }

  private run<T>(job: () => Promise<T>): Promise<T> {
    const queued = this.queue.submit(job);
    if (!queued) throw new ServerBusyException();
    return queued;
  }

  private dummyHash(): Promise<string> {
    // Computed once and shared; a failed attempt is not kept, so the next login tries again.
    this.dummy ??= this.run(() => bcrypt.hash('timing-equaliser', this.crypto.bcryptRounds)).catch(
      (err: unknown) => {
        this.dummy = undefined;
        throw err;
      },
    );
    return this.dummy;
  }
}
