// `npm run example:spa`: the built API and the example page together (after `npm run build`).
//
//   API   http://localhost:3000   (PORT)
//   page  http://localhost:5173   (SPA_PORT; SPA_HOST to use another host name, e.g. 127.0.0.1)
//
// The API is started with FRONTEND_URL set to the page and the page's host:port added to
// STATEFUL_DOMAINS: without that, the browser gets no CORS grant and the API ignores the session
// cookie. Page and API must use the same host name (localhost and 127.0.0.1 have separate cookies).
// Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSpaServer } from './server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const host = process.env.SPA_HOST ?? 'localhost';
const apiPort = Number(process.env.PORT ?? 3000);
const pagePort = Number(process.env.SPA_PORT ?? 5173);
const apiUrl = process.env.APP_URL ?? `http://${host}:${apiPort}`;
const pageUrl = `http://${host}:${pagePort}`;

const stateful = [
  ...(process.env.STATEFUL_DOMAINS ?? 'localhost,localhost:3000,127.0.0.1,127.0.0.1:8000,::1')
    .split(',')
    .map((s) => s.trim()),
  `${host}:${pagePort}`,
]
  .filter(Boolean)
  .filter((entry, i, all) => all.indexOf(entry) === i);

const api = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: String(apiPort),
    APP_URL: apiUrl,
    FRONTEND_URL: pageUrl,
    STATEFUL_DOMAINS: stateful.join(','),
  },
});

const page = await startSpaServer({ port: pagePort, host, apiUrl });
console.log(`\nExample SPA: open ${page.url}  (API ${apiUrl}, STATEFUL_DOMAINS=${stateful.join(',')})\n`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await page.close();
  if (api.exitCode === null && api.signalCode === null) {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
  }
  process.exit(code);
}

api.once('exit', (code, signal) => {
  if (!stopping) console.error(`API exited (${signal ?? code}); stopping the page server.`);
  void stop(code ?? 1);
});
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
