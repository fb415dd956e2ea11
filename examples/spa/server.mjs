// A tiny static server for the example SPA (node:http, no framework).
//
//   node examples/spa/server.mjs            # page on http://localhost:5173, API at http://localhost:3000
//   SPA_PORT=5174 API_URL=http://localhost:3001 node examples/spa/server.mjs
//
// It serves the page's own files, the repository's typed client as compiled by `npm run build`
// (dist/clients/typescript/client.js) with openapi-fetch from node_modules (no CDN, no bundler),
// and a generated /config.js that tells the page where the API is. Every page path that is not a file (such as /auth/callback, where
// social logins land) gets index.html.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const openapiFetchDir = dirname(createRequire(import.meta.url).resolve('openapi-fetch/package.json'));
const JS = 'text/javascript; charset=utf-8';

const FILES = {
  '/index.html': [join(here, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(here, 'app.js'), JS],
  '/style.css': [join(here, 'style.css'), 'text/css; charset=utf-8'],
  // The client imports 'openapi-fetch' by name; the browser gets the path (a bundler would resolve it).
  '/client/api-client.js': [
    join(root, 'dist', 'clients', 'typescript', 'client.js'),
    JS,
    (text) => text.replace(/from ['"]openapi-fetch['"]/g, "from '/vendor/openapi-fetch.mjs'"),
  ],
  '/vendor/openapi-fetch.mjs': [join(openapiFetchDir, 'dist', 'index.mjs'), JS],
};
const PAGE_ROUTES = new Set(['/', '/auth/callback']);

function headersFor(apiUrl, type) {
  const api = new URL(apiUrl).origin;
  return {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // The browser's default policy, spelled out: the API's first-party check reads the Referer
    // (else the Origin), so it must name this page's origin.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Content-Security-Policy':
      `default-src 'self'; connect-src 'self' ${api}; img-src 'self' data:; style-src 'self'; ` +
      `script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${api}`,
  };
}

/** Handles GET/HEAD for the page. */
function handler(apiUrl) {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let body;
    let type;
    if (path === '/config.js') {
      body = `window.SPA_CONFIG = ${JSON.stringify({ apiUrl })};\n`;
      type = 'text/javascript; charset=utf-8';
    } else {
      const entry = FILES[PAGE_ROUTES.has(path) ? '/index.html' : path];
      if (!entry) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
        return;
      }
      const [file, fileType, rewrite] = entry;
      body = rewrite ? rewrite(await readFile(file, 'utf8')) : await readFile(file);
      type = fileType;
    }
    res.writeHead(200, headersFor(apiUrl, type));
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * Starts the page server. `host` is the host name of the page's URL; for `localhost` it listens on
 * both loopback addresses, so that the browser reaches it whichever one it resolves first.
 * Port 0 picks a free port. Returns the page URL and a close() function.
 */
export async function startSpaServer({
  port = 5173,
  host = 'localhost',
  apiUrl = 'http://localhost:3000',
} = {}) {
  const servers = [createServer(handler(apiUrl))];
  const actualPort = await listen(servers[0], port, host === 'localhost' ? '127.0.0.1' : host);
  if (host === 'localhost') {
    const v6 = createServer(handler(apiUrl));
    // Best effort: a machine without IPv6 loopback still serves the page on 127.0.0.1.
    await listen(v6, actualPort, '::1').then(
      () => servers.push(v6),
      () => undefined,
    );
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    port: actualPort,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      ),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spa = await startSpaServer({
    port: Number(process.env.SPA_PORT ?? 5173),
    host: process.env.SPA_HOST ?? 'localhost',
    apiUrl: (process.env.API_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  });
  console.log(`Example SPA on ${spa.url}`);
  const stop = () => spa.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
