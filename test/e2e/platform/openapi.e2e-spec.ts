import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import request from 'supertest';
import { routeFacts } from '../../../src/openapi/route-facts';
import { DOCUMENT_FILE, SCHEMA_FILE, documentText, schemaText } from '../../../scripts/client-schema.mjs';
import { createTestApp, type TestApp } from '../../utils/test-app';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

const REGENERATE = 'run `npm run client:generate` and commit clients/typescript';

describe('OpenAPI document at /docs', () => {
  let t: TestApp;
  let doc: Document;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.server).get('/docs/json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('documents every route the app declares, each with a summary, security and responses', () => {
    const routes = [...routeFacts(t.app).values()].filter((r) => !r.path.startsWith('/docs'));
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    const incomplete = operations(doc)
      .filter(({ op }) => !op.summary || !op.security?.length || !Object.keys(op.responses ?? {}).length)
      .map(({ method, path }) => `${method} ${path}`);
    expect(incomplete).toEqual([]);
  });

  it('names every operation explicitly, once (review any change to the snapshot: clients call these names)', () => {
    const ids = operations(doc).map(({ method, path, op }) => `${op.operationId}  ${method} ${path}`);
    // The fallback of api-document.ts (`Controller_method`) marks a route without @ApiOperation({ operationId }).
    expect(ids.filter((id) => id.split('  ')[0].includes('_'))).toEqual([]);
    expect(new Set(ids.map((id) => id.split('  ')[0])).size).toBe(ids.length);
    // After an intended rename: npm test -- test/e2e/platform/openapi -u, and review the diff.
    expect(ids.sort()).toMatchSnapshot();
  });

  it(`is the document checked in beside the typed client, and so are its types (else ${REGENERATE})`, async () => {
    expect(JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'))).toEqual(doc);
    expect(readFileSync(DOCUMENT_FILE, 'utf8')).toBe(documentText(doc));
    expect(readFileSync(SCHEMA_FILE, 'utf8') === (await schemaText(doc))).toBe(true);
  });

  it('passes `redocly lint` (recommended rules) without an error or a warning (but those justified in .redocly.lint-ignore.yaml)', async () => {
    // The checked-in copy (equal to the served document, above): the ignore file names it.
    const run = await promisify(execFile)(
      process.execPath,
      ['node_modules/@redocly/cli/bin/cli.js', 'lint', 'clients/typescript/openapi.json', '--format=json'],
      {
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((err: { stdout?: string; code?: number }) => ({ stdout: err.stdout ?? '', code: err.code }));
    const report = JSON.parse(run.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
    };
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} ${p.location?.[0]?.pointer ?? ''}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('serves the interactive UI', async () => {
    const res = await request(t.server).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });
});
