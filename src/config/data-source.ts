import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../database/entities';
import { MIGRATIONS } from '../database/migrations';

export interface DataSourceSettings {
  url: string;
  /** The embedded server multiplexes one PGlite session; more pooled connections only queue. */
  embedded?: boolean;
  migrationsRun?: boolean;
}

export function dataSourceOptions(s: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: s.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: s.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: s.embedded ? 1 : 10,
      connectionTimeoutMillis: 5000,
      // A dropped server must not leave a request hanging forever.
      query_timeout: 15000,
    },
  };
}
