import { serialize, type SerializeOptions } from 'cookie';
import type { Response } from 'express';

/** Sets a cookie, replacing any Set-Cookie of the same name already queued on this response. */
export function setCookie(res: Response, name: string, value: string, options: SerializeOptions): void {
  const existing = res.getHeader('Set-Cookie');
  const list = (Array.isArray(existing) ? existing : existing ? [String(existing)] : []).filter(
    (c) => !c.startsWith(`${name}=`),
  );
  list.push(serialize(name, value, options));
  res.setHeader('Set-Cookie', list);
}
