import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WASM) behind a PostgreSQL wire-protocol socket, so the app talks
 * to it with the same `pg` driver and TypeORM code as to a real server.
 * `dataDir` undefined keeps everything in memory (tests). The test harness starts the same server in
 * worker threads (test/utils/embedded-postgres.thread.mjs, plain JS): keep its options in step.
 */
export async function startEmbeddedPostgres(dataDir?: string, port = 0): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  // Several connections (two app instances in a test, a reconnect while the old socket closes) are
  // multiplexed onto the one PGlite session; each app still pools a single connection.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
