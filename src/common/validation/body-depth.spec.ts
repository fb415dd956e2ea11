import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BODY_TOO_DEEP, MAX_BODY_DEPTH, exceedsDepth, rejectDeepBodies } from './body-depth';

/** `depth` nested arrays: [[[…]]]. */
const arrays = (depth: number): unknown => {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
};
/** `depth` nested objects: {a:{a:{…}}}. */
const objects = (depth: number): unknown => {
  let v: unknown = {};
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
};

describe('exceedsDepth', () => {
  it('counts objects and arrays: {} is 1, {"a":[1]} is 2; scalars are 0', () => {
    expect(exceedsDepth({}, 0)).toBe(true);
    expect(exceedsDepth({}, 1)).toBe(false);
    expect(exceedsDepth({ a: [1] }, 1)).toBe(true);
    expect(exceedsDepth({ a: [1] }, 2)).toBe(false);
    for (const scalar of [null, undefined, 0, 'deep', true]) expect(exceedsDepth(scalar, 0)).toBe(false);
  });

  it('allows exactly the limit and refuses one level more (arrays and objects alike)', () => {
    for (const make of [arrays, objects]) {
      expect(exceedsDepth(make(MAX_BODY_DEPTH))).toBe(false);
      expect(exceedsDepth(make(MAX_BODY_DEPTH + 1))).toBe(true);
      expect(exceedsDepth(make(5), 5)).toBe(false);
      expect(exceedsDepth(make(6), 5)).toBe(true);
    }
  });

  it('finds the deep branch among shallow siblings', () => {
    const body = { a: 1, b: [1, 2, { c: 'x' }], deep: { list: [arrays(4)] }, z: {} };
    // body 1, deep 2, list 3, then 4 arrays: 7.
    expect(exceedsDepth(body, 7)).toBe(false);
    expect(exceedsDepth(body, 6)).toBe(true);
  });

  it('walks a body far deeper than the call stack without overflowing', () => {
    expect(exceedsDepth(arrays(200_000))).toBe(true);
    expect(exceedsDepth(arrays(200_000), 200_000)).toBe(false);
  });

  it('ends on cycles and shared references, and does not walk typed arrays or Buffers', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(exceedsDepth(cyclic, 5)).toBe(false);
    const shared = { x: 1 };
    expect(exceedsDepth({ a: shared, b: shared }, 2)).toBe(false);
    expect(exceedsDepth(Buffer.alloc(1000), 0)).toBe(false);
    expect(exceedsDepth({ file: new Uint8Array(10) }, 1)).toBe(false);
  });
});

describe('rejectDeepBodies', () => {
  const run = (body: unknown) => rejectDeepBodies({ body } as FastifyRequest);

  it('passes a normal body on, and a too deep one as a 400 with the fixed message', async () => {
    await expect(run({ email: 'a@b.c', accounts: [{ email: 'x' }] })).resolves.toBeUndefined();
    await expect(run(undefined)).resolves.toBeUndefined();
    const err = await run(arrays(MAX_BODY_DEPTH + 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestException);
    expect((err as BadRequestException).getStatus()).toBe(400);
    expect((err as BadRequestException).message).toBe(BODY_TOO_DEEP);
  });
});
