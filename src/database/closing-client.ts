import { Client } from 'pg';

const READ_TIMEOUT = 'Query read timeout';

/**
 * pg answers a query that outlived `query_timeout` with an error but keeps its connection waiting
 * for the late reply, and the pool hands that connection out again: against a server that stalls,
 * every later query would queue behind the lost one, and against one that never comes back the
 * pool would never heal. This client closes such a connection instead, so the pool opens a fresh
 * one (or reports the server unreachable) on the next checkout.
 */
export class ClosingOnTimeoutClient extends Client {
  // pg's query() has many overloads; only the promise form (the one TypeORM uses) is watched.
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        if ((err as Error)?.message === READ_TIMEOUT) this.closeConnection();
        throw err;
      }) as never;
    }
    return result as never;
  }

  private closeConnection(): void {
    (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}
