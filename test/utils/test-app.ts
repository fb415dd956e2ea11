import 'reflect-metadata';
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule, type AppComposition } from '../../src/app.module';
import { createHttpAdapter, setupApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock/clock';
import { CredentialCache } from '../../src/credential-cache/credential-cache';
import { loadConfig } from '../../src/config/auth.config';

/** A fixed, test-only key: tests must never depend on a generated one. */
export const TEST_APP_KEY =
  'base64:' + Buffer.from(Array.from({ length: 32 }, (_, i) => (7 + i * 13) % 256)).toString('base64');

export const FIRST_PARTY = 'http://localhost:3000';
/** A host outside STATEFUL_DOMAINS. */
export const FOREIGN = 'http://evil.example';

export interface TestApp {
  app: NestFastifyApplication;
  server: Server;
  clock: Clock;
  db: DataSource;
  /** Every route the HTTP server registered (`GET /api/user/sessions/:id`), but HEAD twins and /docs. */
  routes: string[];
  close(): Promise<void>;
}

/**
 * Boots the real AppModule with the same setupApp() as main.ts against the run's database.
 * `env` overrides configuration variables for this app only; `composition` picks the example products
 * (both unless told; `{ examples: [] }` for the core alone).
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  composition: AppComposition = {},
): Promise<TestApp> {
  // Removed at close(): thousands of test apps would otherwise leave their folders in /tmp.
  const varDir = mkdtempSync(join(tmpdir(), 'auth-test-'));
  const config = loadConfig({
    APP_ENV: 'test',
    APP_KEY: TEST_APP_KEY,
    BCRYPT_ROUNDS: '4',
    VAR_DIR: varDir,
    DATABASE_URL: process.env.DATABASE_URL,
    // CI runs the suite a second time with REDIS_URL set: each app then gets its own key namespace,
    // so throttles are real Redis counters without leaking between tests (override to share one).
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: `test-${randomUUID()}`,
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(
      config,
      { url: config.databaseUrl!, embedded: process.env.TEST_EMBEDDED_DB === '1' },
      composition,
    ),
    createHttpAdapter(config),
    { bodyParser: false, logger: ['error', 'warn'] },
  );
  await setupApp(app);
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD' && !route.url.startsWith('/docs') && route.url !== '*')
          routes.push(`${method} ${route.url}`);
    });
  await app.init();
  // Plugins (helmet, body readers) load on ready(); supertest talks to the server directly.
  await app.getHttpAdapter().getInstance().ready();
  const clock = app.get(Clock);
  openApps.add(app);
  return {
    app,
    server: app.getHttpServer() as Server,
    clock,
    db: app.get(DataSource),
    routes,
    async close() {
      clock.reset();
      openApps.delete(app);
      await app.close();
      rmSync(varDir, { recursive: true, force: true });
    },
  };
}

/**
 * The setup most describe blocks share: one app for the block, booted in beforeAll with `env`, an
 * empty database before each test, and the app closed in afterAll. Call it at describe level; the
 * returned object reads the block's app through getters, from the hooks and tests on.
 */
export function useTestApp(env: Record<string, string | undefined> = {}): TestApp {
  let current: TestApp | undefined;
  const app = (): TestApp => {
    if (!current) throw new Error('useTestApp(): the app exists from beforeAll on');
    return current;
  };
  beforeAll(async () => {
    current = await createTestApp(env);
  });
  afterAll(() => app().close());
  beforeEach(() => resetDatabase(app().db));
  return {
    get app() {
      return app().app;
    },
    get server() {
      return app().server;
    },
    get clock() {
      return app().clock;
    },
    get db() {
      return app().db;
    },
    get routes() {
      return app().routes;
    },
    close: () => app().close(),
  };
}

/**
 * Empties every table of the app's entities but the seeded reference data (and, through the foreign
 * keys to users, the example products' tables of a core-only app); call in beforeEach.
 */
export async function resetDatabase(db: DataSource): Promise<void> {
  const tables = db.entityMetadatas.map((m) => `"${m.tableName}"`).filter((t) => t !== '"currencies"');
  await db.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
  forgetCachedCredentials();
}

/** Apps of this worker that are open: what a test writes by SQL, their credential caches cannot see. */
const openApps = new Set<INestApplication>();

/**
 * For a test that changed credentials or users by SQL behind the apps' backs (ids reused after a
 * truncation, a row aged by hand): every open app reads them from the database again.
 */
export function forgetCachedCredentials(): void {
  for (const app of openApps) app.get(CredentialCache).clear();
}
