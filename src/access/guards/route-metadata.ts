import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** Reads route metadata handler-first, then controller. */
export const routeMeta = <T>(reflector: Reflector, key: string, ctx: ExecutionContext): T | undefined =>
  reflector.getAllAndOverride<T>(key, [ctx.getHandler(), ctx.getClass()]);
