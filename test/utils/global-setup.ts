import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { appSchema } from '../../src/core-schema';

declare global {
  var __EMBEDDED_PG__: EmbeddedPostgres | undefined;
}

/**
 * One database for the whole run: the server named by DATABASE_URL (CI: the machine's PostgreSQL),
 * else one in-memory embedded PostgreSQL (PGlite) started here. Migrations run once.
 * Test files inherit DATABASE_URL through the environment.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    globalThis.__EMBEDDED_PG__ = await startEmbeddedPostgres();
    process.env.DATABASE_URL = globalThis.__EMBEDDED_PG__.url;
    process.env.TEST_EMBEDDED_DB = '1';
  }
  const ds = new DataSource(
    dataSourceOptions({
      url: process.env.DATABASE_URL,
      embedded: true,
      schema: appSchema(),
      queryTimeoutMs: 0,
    }),
  );
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
}
