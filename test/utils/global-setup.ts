import 'reflect-metadata';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { appSchema } from '../../src/core-schema';
import { dataSourceOptions } from '../../src/database/data-source';
import { TEST_DATABASE_URLS } from './worker-database';

/** What globalTeardown stops or drops. */
export interface TestDatabases {
  embedded: EmbeddedThread[];
  /** With DATABASE_URL: the server's maintenance database and the per-worker databases on it. */
  server?: { adminUrl: string; names: string[] };
}

declare global {
  var __TEST_DATABASES__: TestDatabases | undefined;
}

/**
 * One migrated database per Jest worker; each test file gets its worker's in DATABASE_URL
 * (worker-database.ts, a setupFiles entry), so files running at the same time never share rows.
 * - DATABASE_URL set (CI: the machine's PostgreSQL): that database is migrated, then copied as the
 *   template of one `<name>_w<N>` database per worker, created afresh on the same server.
 * - Else one in-memory embedded PostgreSQL (PGlite) per worker, each in its own thread of this
 *   process: PGlite is a single-connection WASM engine, and one shared by all workers would serialize
 *   them. The first is migrated; the others start from a dump of it.
 */
export default async function globalSetup(globalConfig: {
  maxWorkers: number;
  rootDir: string;
}): Promise<void> {
  const workers = Math.max(1, globalConfig.maxWorkers);
  const databases: TestDatabases = { embedded: [] };
  globalThis.__TEST_DATABASES__ = databases;
  let urls: string[];
  if (process.env.DATABASE_URL) {
    const template = process.env.DATABASE_URL;
    await migrate(template);
    databases.server = await copyPerWorker(template, workers);
    urls = databases.server.names.map((name) => withDatabase(template, name));
  } else {
    const thread = join(globalConfig.rootDir, 'test/utils/embedded-postgres.thread.mjs');
    const first = await startEmbeddedThread(thread);
    databases.embedded.push(first);
    await migrate(first.url);
    if (workers > 1) {
      const migrated = await first.dump();
      const others = Array.from({ length: workers - 1 }, () => startEmbeddedThread(thread, migrated));
      databases.embedded.push(...(await Promise.all(others)));
    }
    urls = databases.embedded.map((db) => db.url);
    process.env.TEST_EMBEDDED_DB = '1';
  }
  process.env[TEST_DATABASE_URLS] = JSON.stringify(urls);
}

async function migrate(url: string): Promise<void> {
  const ds = new DataSource(
    dataSourceOptions({ url, embedded: true, schema: appSchema(), queryTimeoutMs: 0 }),
  );
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `<template>_w1` … `<template>_w<workers>`: fresh copies of the migrated template database. */
async function copyPerWorker(
  templateUrl: string,
  workers: number,
): Promise<{ adminUrl: string; names: string[] }> {
  const template = decodeURIComponent(new URL(templateUrl).pathname.slice(1));
  const adminUrl = withDatabase(templateUrl, 'postgres');
  const names = Array.from({ length: workers }, (_, i) => `${template}_w${i + 1}`);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of names) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
    }
  } finally {
    await admin.end();
  }
  return { adminUrl, names };
}

export interface EmbeddedThread {
  url: string;
  /** The database as a PGlite data directory dump (to start other threads from). */
  dump(): Promise<ArrayBuffer>;
  stop(): Promise<void>;
}

/** Starts embedded-postgres.thread.mjs, from `dataDir` if given, and waits until it listens. */
function startEmbeddedThread(file: string, dataDir?: ArrayBuffer): Promise<EmbeddedThread> {
  const worker = new Worker(file, { workerData: { dataDir } });
  const reply = <T>(message: string, key: string): Promise<T> =>
    new Promise((resolve) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        worker.off('message', onMessage);
        resolve(m[key] as T);
      };
      worker.on('message', onMessage);
      worker.postMessage(message);
    });
  return new Promise((resolve, reject) => {
    const failed = (e: unknown) =>
      reject(e instanceof Error ? e : new Error(`embedded PostgreSQL thread exited (${e})`));
    worker.once('error', failed).once('exit', failed);
    worker.once('message', ({ url }: { url: string }) => {
      worker.off('error', failed).off('exit', failed);
      worker.on('error', (e) => console.error('embedded PostgreSQL thread failed:', e));
      resolve({
        url,
        dump: () => reply<ArrayBuffer>('dump', 'dump'),
        async stop() {
          await reply('stop', 'stopped');
          await worker.terminate();
        },
      });
    });
  });
}
