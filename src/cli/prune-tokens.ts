// `npm run tokens:prune`: deletes expired tokens (and expired browser sessions) once, then exits.
// The app does the same every 15 minutes; this is for cron-driven deployments and operators.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/auth.config';
import { launchEmbeddedPostgres } from '../database/embedded-postgres.launcher';
import { PruneScheduler } from '../sessions/prune.scheduler';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await launchEmbeddedPostgres(join(config.varDir, 'pgdata'));
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(config, { url: config.databaseUrl ?? embedded!.url, embedded: !!embedded }),
      { logger: ['error', 'warn'] },
    );
    const result = await app.get(PruneScheduler).run();
    console.warn(`Pruned ${result.tokens} expired tokens and ${result.sessions} expired sessions.`);
    await app.close();
  } finally {
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
