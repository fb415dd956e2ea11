import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

type Handler = ReturnType<ExecutionContext['getHandler']>;
type Controller = ReturnType<ExecutionContext['getClass']>;

/**
 * Route metadata never changes once the app is built, and every guard reads some on every request:
 * each (controller, handler, key) is read from the reflector once and remembered here. Keyed by the
 * controller too, because one handler function can be inherited by several controllers.
 */
const memo = new WeakMap<Controller, WeakMap<Handler, Map<string, unknown>>>();

function remembered<T>(ctx: ExecutionContext, key: string, read: () => T): T {
  const controller = ctx.getClass();
  const handler = ctx.getHandler();
  let byHandler = memo.get(controller);
  if (!byHandler) memo.set(controller, (byHandler = new WeakMap()));
  let values = byHandler.get(handler);
  if (!values) byHandler.set(handler, (values = new Map()));
  if (!values.has(key)) values.set(key, read());
  return values.get(key) as T;
}

/** Reads route metadata handler-first, then controller. */
export const routeMeta = <T>(reflector: Reflector, key: string, ctx: ExecutionContext): T | undefined =>
  remembered(ctx, `override:${key}`, () =>
    reflector.getAllAndOverride<T>(key, [ctx.getHandler(), ctx.getClass()]),
  );

/** Route metadata of the handler and its controller together (arrays concatenated). */
export const mergedRouteMeta = <T>(reflector: Reflector, key: string, ctx: ExecutionContext): T =>
  remembered(
    ctx,
    `merge:${key}`,
    () => reflector.getAllAndMerge(key, [ctx.getHandler(), ctx.getClass()]) as T,
  );
