import { afterAll, afterEach } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import request from 'supertest';
import { ResponseContract, type ObservedResponse } from './response-contract';

/**
 * Every response an e2e test receives through supertest is checked against the API document of the
 * app that answered (status documented for its operation, body valid against the documented
 * schema); a test that received one that is not fails in afterEach, naming the request.
 *
 * Each app's own document: fetched from its /docs/json at its first response (a core-only app
 * documents fewer routes and fields than the composed one); an app that serves none (production
 * configuration) is held to the checked-in document. Documents with the same text share one
 * compiled contract, whose schemas compile lazily, once per (operation, status).
 *
 * RESPONSE_CONTRACT_LOG=<file> appends the (operation, status) pairs checked, one per line;
 * RESPONSE_CONTRACT=off checks nothing.
 */
type Target = object | string;
type Test = {
  method: string;
  url: string;
  app: Target;
  assert(err: unknown, res: unknown, fn: unknown): void;
};
type Res = { status: number; headers: Record<string, string>; body: unknown };

const DOCUMENT_PATH = '/docs/json';
const contracts = new Map<string, ResponseContract>();
const documentOf = new WeakMap<object, Promise<ResponseContract>>();
const documentOfUrl = new Map<string, Promise<ResponseContract>>();
let pending: { contract: Promise<ResponseContract>; observed: ObservedResponse }[] = [];
const checked = new Set<string>();

async function fetchContract(target: Target): Promise<ResponseContract> {
  const res = await request(target as never)
    .get(DOCUMENT_PATH)
    .catch(() => undefined);
  const served = res?.status === 200 && res.body?.paths ? JSON.stringify(res.body) : undefined;
  const key = served ?? 'checked-in';
  let contract = contracts.get(key);
  if (!contract) {
    contract = served ? new ResponseContract(JSON.parse(served)) : ResponseContract.fromCheckedInDocument();
    contracts.set(key, contract);
  }
  return contract;
}

function contractFor(target: Target): Promise<ResponseContract> {
  const cache = typeof target === 'string' ? undefined : documentOf;
  let found = cache ? cache.get(target as object) : documentOfUrl.get(target as string);
  if (!found) {
    found = fetchContract(target);
    if (cache) cache.set(target as object, found);
    else documentOfUrl.set(target as string, found);
  }
  return found;
}

const TestClass = (request as unknown as { Test: { prototype: Test } }).Test;
const assert = TestClass.prototype.assert;
// RESPONSE_CONTRACT=off: CI's second run (PostgreSQL + Redis) checks the database, not the document.
if (process.env.RESPONSE_CONTRACT !== 'off')
  TestClass.prototype.assert = function (this: Test, err: unknown, res: Res | undefined, fn: unknown) {
    const path = new URL(this.url, 'http://client.invalid').pathname;
    if (res && typeof res.status === 'number' && path !== DOCUMENT_PATH) {
      const contentType = res.headers?.['content-type'];
      pending.push({
        // Asked now, while the app is surely still listening.
        contract: contractFor(this.app),
        observed: {
          method: this.method,
          url: this.url,
          status: res.status,
          contentType,
          body: contentType?.includes('application/json') ? res.body : undefined,
        },
      });
    }
    return assert.call(this, err, res, fn);
  };

afterEach(async () => {
  const batch = pending;
  pending = [];
  const problems = new Set<string>();
  for (const { contract, observed } of batch) {
    const verdict = (await contract).check(observed);
    if (verdict.checked) checked.add(verdict.checked);
    if (verdict.problem)
      problems.add(`${observed.method} ${new URL(observed.url, 'http://x').pathname}: ${verdict.problem}`);
  }
  if (problems.size)
    throw new Error(
      `Responses that do not match the API document (fix the document: DTOs, src/openapi; or the route):\n  ${[...problems].join('\n  ')}`,
    );
});

afterAll(() => {
  if (process.env.RESPONSE_CONTRACT_LOG && checked.size)
    appendFileSync(process.env.RESPONSE_CONTRACT_LOG, [...checked].join('\n') + '\n');
});
