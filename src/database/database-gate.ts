import { Injectable, Logger } from '@nestjs/common';

/**
 * Fails fast while the database is unreachable (a circuit breaker). Once a request has failed
 * because the database did not answer (cut or stalled), requests that need it are answered 503 at
 * once instead of each waiting out the connection and query timeouts; one request at a time is let
 * through as a trial, and the first trial that finishes without a database failure closes the
 * circuit again. So at most one request waits on a dead database, and the app recovers by itself
 * on the first request after the database is back.
 */
@Injectable()
export class DatabaseGate {
  private readonly logger = new Logger(DatabaseGate.name);
  private down = false;
  private trialInFlight = false;
  /** Counts database failures, so a trial can tell whether one happened while it ran. */
  private failures = 0;

  /**
   * Whether a request may go on to the database. When it may, the caller reports the request's
   * end through the returned function.
   */
  admit(): (() => void) | null {
    if (!this.down) return () => undefined;
    if (this.trialInFlight) return null;
    this.trialInFlight = true;
    const failuresBefore = this.failures;
    return () => {
      this.trialInFlight = false;
      if (this.down && this.failures === failuresBefore) {
        this.down = false;
        this.logger.log('Database reachable again');
      }
    };
  }

  /** Called when a request failed because the database did not answer. */
  tripped(): void {
    this.failures += 1;
    if (this.down) return;
    this.down = true;
    this.logger.warn('Database unreachable: answering 503 at once until a trial request succeeds');
  }
}
