// `npm run client:generate`: rebuilds the typed client's generated files from the app's routes.
// `npm run client:check`: fails (exit 1) when the checked-in files differ from what the routes give.
// Both need a build (dist/): the document is built by dist/src/cli/api-document.js.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_FILE, SCHEMA_FILE, documentText, schemaText } from './client-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const document = JSON.parse(
  execFileSync(process.execPath, [join(root, 'dist/src/cli/api-document.js')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
const files = [
  [DOCUMENT_FILE, documentText(document)],
  [SCHEMA_FILE, await schemaText(document)],
];
let stale = 0;
for (const [file, text] of files) {
  const name = relative(root, file);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current === text) {
    console.log(`${name}: current`);
  } else if (check) {
    stale++;
    console.error(`${name}: stale; run npm run client:generate and commit the result`);
  } else {
    writeFileSync(file, text);
    console.log(`${name}: written`);
  }
}
process.exit(stale ? 1 : 0);
