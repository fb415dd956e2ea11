import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** `/tracks/:track` (the server's route) → `/tracks/{track}` (OpenAPI). */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document at /docs', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { summary?: string; responses?: object }>> };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.server).get('/docs/json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('documents every route the app serves, each with a summary and responses', () => {
    const served = t.routes.map((r) => {
      const [method, path] = r.split(' ');
      return [method.toLowerCase(), toOpenApiPath(path)] as const;
    });
    expect(served.length).toBeGreaterThan(50);
    const missing = served
      .filter(([method, path]) => !doc.paths[path]?.[method])
      .map(([m, p]) => `${m} ${p}`);
    expect(missing).toEqual([]);
    const unsummarised = served
      .filter(([method, path]) => !doc.paths[path][method].summary)
      .map(([m, p]) => `${m} ${p}`);
    expect(unsummarised).toEqual([]);
  });

  it('passes `redocly lint` (recommended rules) without an error: path parameters, security, servers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      // Exit code 1 on errors only; warnings (undocumented 4xx answers, …) are reported, not failed.
      const run = await promisify(execFile)(
        process.execPath,
        ['node_modules/@redocly/cli/bin/cli.js', 'lint', file, '--format=json'],
        {
          maxBuffer: 16 * 1024 * 1024,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      ).catch((err: { stdout?: string; code?: number }) => ({ stdout: err.stdout ?? '', code: err.code }));
      const report = JSON.parse(run.stdout) as {
        totals: { errors: number };
        problems: { ruleId: string; severity: string; message: string }[];
      };
      const errors = report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the interactive UI', async () => {
    const res = await request(t.server).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });
});
