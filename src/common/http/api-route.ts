import type { Request } from 'express';

/** Routes under /api speak the Fangate envelope; everything else the bare Sanctum/Fortify bodies. */
export const isApiRequest = (req: Request): boolean => {
  const path = req.path ?? req.url ?? '';
  return path === '/api' || path.startsWith('/api/');
};
