// One in-memory embedded PostgreSQL (PGlite behind its wire-protocol socket) in a worker thread of
// Jest's main process. The test global setup (global-setup.ts) starts one per Jest worker, so that
// the single-connection WASM database of each worker runs on its own thread, in parallel with the
// others and with the tests. The same server as startEmbeddedPostgres() in
// src/database/embedded-postgres.ts, in plain JavaScript because a worker thread cannot load TypeScript.
//
// workerData.dataDir: a dump (dumpDataDir) to start from, instead of an empty database.
// Messages: 'dump' → { dump: ArrayBuffer } of the current database; 'stop' → { stopped: true }.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const dataDir = workerData?.dataDir;
const db = await PGlite.create(dataDir ? { loadDataDir: new Blob([dataDir]) } : {});
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
await server.start();

parentPort.on('message', async (message) => {
  if (message === 'dump') {
    const dump = await (await db.dumpDataDir('none')).arrayBuffer();
    parentPort.postMessage({ dump }, [dump]);
  } else if (message === 'stop') {
    await server.stop();
    await db.close();
    parentPort.postMessage({ stopped: true });
    parentPort.close();
  }
});
parentPort.postMessage({ url: `postgres://postgres@${server.getServerConn()}/postgres` });
