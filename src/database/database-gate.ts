import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Fails fast while the database is unreachable (a circuit breaker). Once a request has failed
 * because the database did not answer (cut or stalled), requests that need it are answered 503 at
 * once instead of each waiting out the connection and query timeouts. The first request after
 * that runs one probe query before going on; while the probe runs the others still get 503, and
 * its success closes the circuit. So at most one request waits on a dead database, and the app
 * recovers by itself on the first request after the database is back.
 */
@Injectable()
export class DatabaseGate {
  private readonly logger = new Logger(DatabaseGate.name);
  private down = false;
  private probing = false;

  constructor(private readonly db: DataSource) {}

  /** Whether a request may go on to the database. */
  async admit(): Promise<boolean> {
    if (!this.down) return true;
    if (this.probing) return false;
    this.probing = true;
    try {
      await this.db.query('SELECT 1');
      this.down = false;
      this.logger.log('Database reachable again');
      return true;
    } catch {
      return false;
    } finally {
      this.probing = false;
    }
  }

  /** Called when a request failed because the database did not answer. */
  tripped(): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn('Database unreachable: answering 503 at once until a probe query succeeds');
  }
}
