import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadRuntimeConfig, resolveDatabase } from '../database/resolve-database';

/** Runs a command against the whole application (its services, its database), then shuts it down. */
export async function withAppContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadRuntimeConfig();
  const database = await resolveDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(config, { url: database.url, embedded: !!database.embedded }),
      { logger: ['error', 'warn'] },
    );
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.embedded?.stop();
  }
}
