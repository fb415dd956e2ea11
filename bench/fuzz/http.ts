import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

/** What came back, or why nothing did. */
export type Outcome =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: Buffer; ms: number }
  | { ok: false; error: string; timedOut: boolean; ms: number };

export interface RawRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** In order; a repeated name is sent as repeated header lines. */
  headers: Array<[string, string]>;
  body?: Buffer;
  chunked?: boolean;
}

/** Sends requests exactly as built (no redirects followed, no header normalisation beyond Node's). */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
    maxSockets = 8,
  ) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  close(): void {
    this.agent.destroy();
  }

  async send(req: RawRequest): Promise<Outcome> {
    const first = await this.once(req);
    // A keep-alive socket the server closed while idle fails at once on reuse: not the request's fault.
    if (!first.ok && !first.timedOut && first.error.startsWith('reused:')) return this.once(req, true);
    return first.ok ? first : { ...first, error: first.error.replace(/^reused:/, '') };
  }

  private once(req: RawRequest, fresh = false): Promise<Outcome> {
    const started = performance.now();
    const headers: OutgoingHttpHeaders = {};
    const names = new Map<string, string>();
    for (const [name, value] of req.headers) {
      const key = names.get(name.toLowerCase()) ?? name;
      names.set(name.toLowerCase(), key);
      const prev = headers[key];
      headers[key] = prev === undefined ? value : ([] as string[]).concat(prev as string | string[], value);
    }
    if (req.body && !req.chunked) headers['Content-Length'] = String(req.body.length);
    // Node chunks the body of a GET or DELETE only when asked to.
    if (req.body && req.chunked) headers['Transfer-Encoding'] = 'chunked';
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let r: ReturnType<typeof request> | undefined;
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        r?.destroy(new Error(`no response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const done = (o: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(o);
      };
      try {
        r = request({
          host: this.host,
          port: this.port,
          method: req.method,
          path: req.path,
          headers,
          agent: fresh ? false : this.agent,
          setHost: true,
        });
      } catch (err) {
        return done({
          ok: false,
          error: `could not send: ${(err as Error).message}`,
          timedOut: false,
          ms: 0,
        });
      }
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        res.on('error', (err) =>
          done({
            ok: false,
            error: expired ? `no response within ${this.timeoutMs} ms` : `response broke off: ${err.message}`,
            timedOut: expired,
            ms: performance.now() - started,
          }),
        );
      });
      r.on('error', (err: NodeJS.ErrnoException) => {
        const timedOut = expired;
        const reused = !fresh && r?.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        done({
          ok: false,
          error: `${reused ? 'reused:' : ''}${err.code ? `${err.code} ` : ''}${err.message}`,
          timedOut,
          ms: performance.now() - started,
        });
      });
      if (req.body && req.chunked) {
        const half = Math.floor(req.body.length / 2);
        r.write(req.body.subarray(0, half));
        r.end(req.body.subarray(half));
      } else r.end(req.body);
    });
  }
}

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function setCookies(headers: IncomingHttpHeaders): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of headers['set-cookie'] ?? []) {
    const pair = line.split(';', 1)[0];
    const i = pair.indexOf('=');
    if (i > 0) out.push([pair.slice(0, i).trim(), pair.slice(i + 1).trim()]);
  }
  return out;
}
