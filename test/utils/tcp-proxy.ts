import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { createTestApp, type TestApp } from './test-app';

/**
 * A TCP relay between the app and its database, to simulate an outage: `cut()` drops every open
 * connection and refuses new ones (accepted, then reset at once); `stall()` keeps every connection
 * open but relays nothing, and holds new ones (a server that hangs); `restore()` relays again.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly pairs: [Socket, Socket][] = [];
  private held: Socket[] = [];
  private refusing = false;
  private stalled = false;
  /** Connections the app opened through the proxy so far (to bound how many a stall attracts). */
  accepted = 0;
  private readonly server = createServer((client) => this.accept(client));

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts a proxy in front of the server named by a postgres:// URL. */
  static async forDatabase(databaseUrl: string): Promise<TcpProxy> {
    const target = new URL(databaseUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The same database URL, pointed at this proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  cut(): void {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  stall(): void {
    this.stalled = true;
    for (const [a, b] of this.pairs) {
      a.unpipe(b);
      a.pause();
    }
  }

  restore(): void {
    this.refusing = false;
    if (!this.stalled) return;
    this.stalled = false;
    for (const [a, b] of this.pairs) if (!a.destroyed && !b.destroyed) a.pipe(b);
    const held = this.held;
    this.held = [];
    for (const client of held) if (!client.destroyed) this.relay(client);
  }

  async close(): Promise<void> {
    this.cut();
    for (const client of this.held) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    if (this.refusing) return void client.resetAndDestroy();
    if (this.stalled) {
      client.pause();
      this.held.push(client);
      return;
    }
    this.relay(client);
  }

  private relay(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(a);
      this.pairs.push([a, b]);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        const i = this.pairs.findIndex(([x]) => x === a);
        if (i >= 0) this.pairs.splice(i, 1);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}

/**
 * A test app whose database connection runs through a TcpProxy that the tests cut or stall; the
 * proxy relays again after each test. Call at describe level; use `ctx.t` and `ctx.proxy` in tests.
 */
export function withProxiedDatabase(env: Record<string, string> = {}): { t: TestApp; proxy: TcpProxy } {
  const ctx = {} as { t: TestApp; proxy: TcpProxy };
  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    ctx.proxy = await TcpProxy.forDatabase(url);
    ctx.t = await createTestApp({ DATABASE_URL: ctx.proxy.urlFor(url), ...env });
  });
  afterAll(async () => {
    ctx.proxy.restore();
    await ctx.t.close();
    await ctx.proxy.close();
  });
  afterEach(() => ctx.proxy.restore());
  return ctx;
}
