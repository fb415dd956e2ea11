// `npm run migration:run`: applies pending migrations to the database the app would use
// (DATABASE_URL, else the embedded PostgreSQL under VAR_DIR/pgdata), then exits.
// The app also runs them at start-up; this is for deploy pipelines and for inspecting a database.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';
import { loadRuntimeConfig, resolveDatabase } from '../database/resolve-database';
import { appSchema } from '../core-schema';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const database = await resolveDatabase(config);
  out(`Database: ${database.description}`);
  const db = new DataSource(
    dataSourceOptions({
      url: database.url,
      embedded: !!database.embedded,
      schema: appSchema(),
      queryTimeoutMs: 0,
    }),
  );
  try {
    await db.initialize();
    const ran = await db.runMigrations();
    if (ran.length === 0) out('No pending migrations: the schema is up to date.');
    for (const m of ran) out(`Ran ${m.name}`);
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
