import { serialize, type SerializeOptions } from 'cookie';
import type { FastifyReply } from 'fastify';

/** Sets a cookie, replacing any Set-Cookie of the same name already queued on this reply. */
export function setCookie(res: FastifyReply, name: string, value: string, options: SerializeOptions): void {
  const existing = res.getHeader('set-cookie');
  const list = (Array.isArray(existing) ? existing : existing ? [String(existing)] : []).filter(
    (c) => !c.startsWith(`${name}=`),
  );
  list.push(serialize(name, value, options));
  // Fastify appends to a Set-Cookie header rather than replacing it: start from none.
  res.removeHeader('set-cookie');
  res.header('set-cookie', list);
}
