import { Client } from 'pg';
import { quoteIdentifier } from './global-setup';

/** Stops the embedded databases, or drops the per-worker databases, that globalSetup made. */
export default async function globalTeardown(): Promise<void> {
  const databases = globalThis.__TEST_DATABASES__;
  if (!databases) return;
  await Promise.all(databases.embedded.map((db) => db.stop()));
  if (databases.server) {
    const admin = new Client({ connectionString: databases.server.adminUrl });
    await admin.connect();
    try {
      for (const name of databases.server.names) {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
}
