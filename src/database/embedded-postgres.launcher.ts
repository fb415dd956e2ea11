import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedPostgres } from './embedded-postgres';

/** Starts the embedded PostgreSQL in a child process with its data under `dataDir`. */
export function launchEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const child = fork(join(__dirname, 'embedded-postgres.process.js'), [dataDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (msg: { url?: string; error?: string }) => {
      if (!msg.url) return reject(new Error(`Embedded PostgreSQL failed to start: ${msg.error}`));
      resolve({
        url: msg.url,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`Embedded PostgreSQL exited with code ${code}`)));
  });
}
