import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * No request of this API nests anywhere near this deep (the deepest, `accounts.0.email`, is 3), while
 * class-transformer and class-validator recurse once per level: a 4 KB body of 2,000 nested arrays
 * overflowed the stack (a 500). Anything deeper is refused before it reaches them.
 */
export const MAX_BODY_DEPTH = 32;
export const BODY_TOO_DEEP = 'The request body is nested too deeply.';

/**
 * Whether `value` nests more than `max` objects or arrays deep (`{}` is 1, `{"a":[1]}` 2). Walked
 * with an explicit stack, never by recursion, and stops at the first path past the limit.
 */
export function exceedsDepth(value: unknown, max = MAX_BODY_DEPTH): boolean {
  const seen = new WeakSet<object>();
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node) || seen.has(node)) continue;
    if (depth > max) return true;
    seen.add(node);
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A `preValidation` hook (it runs once the body is parsed): a too deeply nested body is a 400. */
export async function rejectDeepBodies(req: FastifyRequest): Promise<void> {
  if (exceedsDepth(req.body)) throw new BadRequestException(BODY_TOO_DEEP);
}
