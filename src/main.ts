import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { appLogger } from './common/logging/app-logger';
import { createHttpAdapter, setupApp } from './app.setup';
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
  const appLog = appLogger(config.logFormat);
  Logger.overrideLogger(appLog);
  const logger = new Logger('Bootstrap');
  const database = await resolveDatabase(config);
  logger.log(`Database: ${database.description}`);

  if (database.embedded) process.once('exit', () => void database.embedded?.stop());
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, { url: database.url, embedded: !!database.embedded }),
      createHttpAdapter(config),
      { bodyParser: false, abortOnError: false, logger: appLog },
    );
    await setupApp(app);
  } catch (err) {
    return fail(`Could not start: ${describeBootError(err, database.description)}`);
  }
  app.enableShutdownHooks();
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () =>
      logger.log(`${signal}: no new connections; finishing requests in flight and queued mail, then exiting`),
    );
  try {
    await app.listen(config.port);
  } catch (err) {
    await app.close().catch(() => undefined);
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    return fail(
      inUse
        ? `Port ${config.port} is already in use: stop the other process or set PORT to a free port`
        : `Could not listen on port ${config.port}: ${(err as Error).message}`,
    );
  }
  logger.log(`Listening on ${config.appUrl}${config.docsEnabled ? ` (docs at ${config.appUrl}/docs)` : ''}`);
}

/** One line an operator can act on instead of a stack trace. */
function describeBootError(err: unknown, database: string): string {
  const e = err as NodeJS.ErrnoException;
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(e.code ?? '') ||
    /connect/i.test(e.message)
  )
    return `the database (${database}) is unreachable: ${e.message}. Check DATABASE_URL and that the server is up.`;
  return e.message ?? String(err);
}

function fail(message: string): void {
  console.error(message);
  process.exit(1);
}

void bootstrap();
