import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../app.module';
import { createHttpAdapter } from '../app.setup';
import { loadConfig } from '../config/auth.config';
import { resolveDatabase } from '../database/resolve-database';
import { buildApiDocument } from '../openapi/api-document';

/**
 * `node dist/src/cli/api-document.js [file]`: the OpenAPI document of the composed app, as /docs/json
 * serves it, written to `file` (else stdout). Built with the default configuration whatever the
 * environment says (a developer's .env must not change the checked-in document), on a throwaway
 * embedded database unless DATABASE_URL is set (the app's modules connect while they start).
 */
async function main(): Promise<void> {
  const varDir = mkdtempSync(join(tmpdir(), 'api-document-'));
  const config = loadConfig({ VAR_DIR: varDir, DATABASE_URL: process.env.DATABASE_URL });
  const database = await resolveDatabase(config);
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, { url: database.url, embedded: !!database.embedded }),
      createHttpAdapter(config),
      { bodyParser: false, logger: ['error', 'warn'] },
    );
    const json = JSON.stringify(buildApiDocument(app), null, 2) + '\n';
    await app.close();
    if (process.argv[2]) writeFileSync(process.argv[2], json);
    else process.stdout.write(json);
  } finally {
    await database.embedded?.stop();
    rmSync(varDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
