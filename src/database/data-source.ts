import type { DataSourceOptions } from 'typeorm';
import { ClosingOnTimeoutClient } from './closing-client';
import type { DatabaseSchema } from './schema';

export interface DataSourceSettings {
  url: string;
  /** The composed entities and migrations: the core's and each example's (database/schema.ts). */
  schema: DatabaseSchema;
  /** The embedded server multiplexes one PGlite session; more pooled connections only queue. */
  embedded?: boolean;
  /** Pooled connections to a server (default 10). */
  poolSize?: number;
  migrationsRun?: boolean;
  /** Client-side limit per query; 0 for none (the migration CLI, whose statements may run long). */
  queryTimeoutMs?: number;
}

export const DB_CONNECT_TIMEOUT_MS = 3000;
export const DB_QUERY_TIMEOUT_MS = 5000;

export function dataSourceOptions(s: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: s.url,
    entities: s.schema.entities,
    migrations: s.schema.migrations,
    migrationsRun: s.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: s.embedded ? 1 : (s.poolSize ?? 10),
      // A server that stalls or drops answers 503 within seconds instead of holding requests.
      connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
      query_timeout: s.queryTimeoutMs ?? DB_QUERY_TIMEOUT_MS,
      Client: ClosingOnTimeoutClient,
    },
  };
}
