// A TCP relay between the app and PostgreSQL that counts the statements the app sends: simple
// queries ('Q') and extended-protocol executions ('E'), and among them the writes (INSERT, UPDATE,
// DELETE), by the text of the statement each execution runs. The benchmark reads the counts before
// and after a load to print statements per request.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const WRITE = /^\s*(insert|update|delete)\b/i;

export interface SqlCounts {
  statements: number;
  writes: number;
}

export class SqlCounter {
  private counts: SqlCounts = { statements: 0, writes: 0 };
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly target: URL) {
    this.server = createServer((client) => this.relay(client));
  }

  static async start(databaseUrl: string): Promise<SqlCounter> {
    const counter = new SqlCounter(new URL(databaseUrl));
    await new Promise<void>((done, fail) => {
      counter.server.once('error', fail);
      counter.server.listen(0, '127.0.0.1', () => done());
    });
    return counter;
  }

  /** The same database URL, through this relay. */
  get url(): string {
    const url = new URL(this.target.toString());
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.toString();
  }

  snapshot(): SqlCounts {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private relay(client: Socket): void {
    const upstream = createConnection(Number(this.target.port || 5432), this.target.hostname);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.pipe(client);
    // Statement text by prepared-statement name and by portal ('' is the unnamed one), per connection.
    const parsed = new Map<string, string>();
    const bound = new Map<string, string>();
    const parser = new FrontendParser((type, body) => this.onMessage(type, body, parsed, bound));
    client.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
  }

  private onMessage(
    type: string,
    body: Buffer,
    parsed: Map<string, string>,
    bound: Map<string, string>,
  ): void {
    const count = (text: string) => {
      if (process.env.BENCH_SQL_TRACE) console.log(`[sql] ${text.slice(0, 160)}`);
      this.counts.statements++;
      if (WRITE.test(text)) this.counts.writes++;
    };
    switch (type) {
      case 'Q':
        count(cString(body, 0).value);
        break;
      case 'P': {
        const name = cString(body, 0);
        parsed.set(name.value, cString(body, name.next).value);
        break;
      }
      case 'B': {
        const portal = cString(body, 0);
        const statement = cString(body, portal.next);
        bound.set(portal.value, parsed.get(statement.value) ?? '');
        break;
      }
      case 'E':
        count(bound.get(cString(body, 0).value) ?? '');
        break;
    }
  }
}

/** Splits the client's byte stream into messages: a type byte and a length (after the start-up message). */
class FrontendParser {
  private buffer = Buffer.alloc(0);
  private started = false;

  constructor(private readonly onMessage: (type: string, body: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.started) {
        // Start-up, SSL or cancel request: a length and no type byte.
        if (this.buffer.length < 4) return;
        const length = this.buffer.readUInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readUInt32BE(4);
        this.buffer = this.buffer.subarray(length);
        // 80877103: SSLRequest, which the server answers before the real start-up message.
        if (code !== 80877103) this.started = true;
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readUInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      this.onMessage(String.fromCharCode(this.buffer[0]), this.buffer.subarray(5, 1 + length));
      this.buffer = this.buffer.subarray(1 + length);
    }
  }
}

function cString(buffer: Buffer, start: number): { value: string; next: number } {
  const end = buffer.indexOf(0, start);
  return { value: buffer.toString('utf8', start, end), next: end + 1 };
}
