import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, loadConfig } from '../config/auth.config';
import type { EmbeddedPostgres } from './embedded-postgres';
import { launchEmbeddedPostgres } from './embedded-postgres.launcher';

export interface ResolvedDatabase {
  url: string;
  /** Set when no DATABASE_URL was given and the embedded PostgreSQL was started for this process. */
  embedded?: EmbeddedPostgres;
  /** host:port/database, or the embedded data folder; never credentials. */
  description: string;
}

/** `.env` (when present), then the validated configuration; how main.ts and every CLI start. */
export function loadRuntimeConfig(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig();
}

/** DATABASE_URL when set, else the embedded PostgreSQL under VAR_DIR/pgdata (started here). */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return { url: config.databaseUrl, description: `${u.host}${u.pathname} (DATABASE_URL)` };
  }
  const dataDir = join(config.varDir, 'pgdata');
  const embedded = await launchEmbeddedPostgres(dataDir);
  return { url: embedded.url, embedded, description: `embedded PostgreSQL (PGlite) under ${dataDir}` };
}
