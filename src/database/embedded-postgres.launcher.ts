import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedPostgres } from './embedded-postgres';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite is single-process: a second process opening the same data folder (say, a CLI while the
 * app runs) would work on its own copy and lose its writes. A lock file next to the folder refuses
 * that with a clear message; a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  const mine = String(process.pid);
  try {
    writeFileSync(file, mine, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder && holder !== process.pid && alive(holder)) {
      throw new Error(
        `The embedded database under ${dataDir} is in use by process ${holder}. ` +
          'Stop the app first, or point DATABASE_URL at a PostgreSQL server.',
        { cause: err },
      );
    }
    writeFileSync(file, mine);
  }
  const release = () => {
    try {
      if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

/** Starts the embedded PostgreSQL in a child process with its data under `dataDir`. */
export function launchEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  const child = fork(join(__dirname, 'embedded-postgres.process.js'), [dataDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (msg: { url?: string; error?: string }) => {
      if (!msg.url) {
        release();
        return reject(new Error(`Embedded PostgreSQL failed to start: ${msg.error}`));
      }
      resolve({
        url: msg.url,
        stop: () =>
          new Promise<void>((done) => {
            const finish = () => {
              release();
              done();
            };
            if (child.exitCode !== null) return finish();
            child.once('exit', finish);
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      release();
      reject(new Error(`Embedded PostgreSQL exited with code ${code}`));
    });
  });
}
