import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DatabaseError } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Named (prepared) statements for the queries that run on every cache miss of authentication: the
 * server parses and plans each once per connection instead of on every call. Names carry a random
 * part per connection because the embedded server multiplexes every connection onto one session,
 * where two connections preparing the same name would collide.
 */
@Injectable()
export class PreparedStatements {
  private readonly suffixes = new WeakMap<PoolClient, string>();

  constructor(private readonly dataSource: DataSource) {}

  async query<R = Record<string, unknown>>(statement: string, text: string, values: unknown[]): Promise<R[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a connection that drops while held emits 'error'
    // here, and an 'error' event nobody listens to ends the process.
    const onError = (err: Error) => (broken ??= err);
    client.on('error', onError);
    try {
      const result = await client.query<R & object>({
        name: `${statement}_${this.suffix(client)}`,
        text,
        values,
      });
      return result.rows;
    } catch (err) {
      // A server error leaves the connection usable; anything else (a drop, a timeout) does not.
      if (!(err instanceof DatabaseError)) broken = err as Error;
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  private suffix(client: PoolClient): string {
    let suffix = this.suffixes.get(client);
    if (!suffix) {
      suffix = randomBytes(4).toString('hex');
      this.suffixes.set(client, suffix);
    }
    return suffix;
  }
}
