import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { setupApp } from './app.setup';
import type { AppConfig } from './config/auth.config';
import { loadRuntimeConfig, resolveDatabase } from './database/resolve-database';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadRuntimeConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const logger = new Logger('Bootstrap');
  const database = await resolveDatabase(config);
  logger.log(`Database: ${database.description}`);

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { url: database.url, embedded: !!database.embedded }),
    { bodyParser: false },
  );
  setupApp(app);
  app.enableShutdownHooks();
  if (database.embedded) process.once('exit', () => void database.embedded?.stop());
  await app.listen(config.port);
  logger.log(`Listening on ${config.appUrl} (docs at ${config.appUrl}/docs)`);
}

void bootstrap();
