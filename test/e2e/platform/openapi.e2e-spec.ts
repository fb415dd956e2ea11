import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../utils/test-app';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** `/tracks/:track` (Express) → `/tracks/{track}` (OpenAPI). */
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
    const express = t.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
    const served = express.router.stack
      .filter((l) => l.route && !l.route.path.startsWith('/docs'))
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => [m, toOpenApiPath(l.route!.path)] as const));
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

  it('serves the interactive UI', async () => {
    const res = await request(t.server).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });
});
