// `npm run migration:run`: applies pending migrations to the database the app would use
// (DATABASE_URL, else the embedded PostgreSQL under VAR_DIR/pgdata), then exits.
// The app also runs them at start-up; this is for deploy pipelines and for inspecting a database.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/auth.config';
import { dataSourceOptions } from '../config/data-source';
import { launchEmbeddedPostgres } from '../database/embedded-postgres.launcher';
import type { EmbeddedPostgres } from '../database/embedded-postgres';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** host:port/database of a URL, never its credentials. */
function describe(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();

  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (url) {
    out(`Database: ${describe(url)} (DATABASE_URL)`);
  } else {
    const dataDir = join(config.varDir, 'pgdata');
    embedded = await launchEmbeddedPostgres(dataDir);
    url = embedded.url;
    out(`Database: embedded PostgreSQL (PGlite) under ${dataDir}`);
  }

  const db = new DataSource(dataSourceOptions({ url, embedded: !!embedded }));
  try {
    await db.initialize();
    const ran = await db.runMigrations();
    if (ran.length === 0) out('No pending migrations: the schema is up to date.');
    for (const m of ran) out(`Ran ${m.name}`);
  } finally {
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
