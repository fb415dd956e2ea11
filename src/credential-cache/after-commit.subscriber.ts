import type { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { PENDING_CHANGES, type CredentialCache } from './credential-cache';

/**
 * Publishes the credential changes a transaction made once it commits: written before the commit,
 * a new version could be read by another instance together with the old rows, and cached with them.
 */
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly cache: CredentialCache) {}

  async afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    // A savepoint's release is not the commit.
    if (queryRunner.isTransactionActive) return;
    const data = queryRunner.data as Record<symbol, string[] | undefined>;
    const pending = data[PENDING_CHANGES];
    data[PENDING_CHANGES] = undefined;
    if (pending) await this.cache.publish(pending);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive)
      (queryRunner.data as Record<symbol, unknown>)[PENDING_CHANGES] = undefined;
  }
}
