import type { FastifyRequest } from 'fastify';

/** The request's path, without its query string. */
export const requestPath = (req: FastifyRequest): string => {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/** One request header as a string (the first, when a client repeated it). */
export const requestHeader = (req: FastifyRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Routes under /api speak the Fangate envelope; everything else the bare Sanctum/Fortify bodies. */
export const isApiRequest = (req: FastifyRequest): boolean => {
  const path = requestPath(req);
  return path === '/api' || path.startsWith('/api/');
};
