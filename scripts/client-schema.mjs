// The typed client's generated part: clients/typescript/openapi.json (the document /docs/json serves)
// and clients/typescript/schema.d.ts (its TypeScript types, by openapi-typescript). Shared by
// scripts/generate-client.mjs and the OpenAPI test, which fails when either file is stale.
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLIENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'clients', 'typescript');
export const DOCUMENT_FILE = join(CLIENT_DIR, 'openapi.json');
export const SCHEMA_FILE = join(CLIENT_DIR, 'schema.d.ts');

/** The document as it is checked in: two-space JSON and a final newline. */
export const documentText = (document) => JSON.stringify(document, null, 2) + '\n';

/** The schema types, exactly as `openapi-typescript openapi.json -o schema.d.ts` writes them. */
export async function schemaText(document) {
  // A copy: openapi-typescript annotates the object it is given.
  const ast = await openapiTS(structuredClone(document), { silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}
