import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { setupApp } from './app.setup';
import { loadConfig } from './config/auth.config';
import { launchEmbeddedPostgres } from './database/embedded-postgres.launcher';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const logger = new Logger('Bootstrap');

  let databaseUrl = config.databaseUrl;
  const embedded = databaseUrl ? undefined : await launchEmbeddedPostgres(join(config.varDir, 'pgdata'));
  if (embedded) {
    databaseUrl = embedded.url;
    logger.log(
      `No DATABASE_URL: using the embedded PostgreSQL (PGlite) under ${join(config.varDir, 'pgdata')}`,
    );
  }

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { url: databaseUrl!, embedded: !!embedded }),
    { bodyParser: false },
  );
  setupApp(app);
  app.enableShutdownHooks();
  if (embedded) process.once('exit', () => void embedded.stop());
  await app.listen(config.port);
  logger.log(`Listening on ${config.appUrl} (docs at ${config.appUrl}/docs)`);
}

void bootstrap();
