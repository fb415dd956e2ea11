import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SessionsService } from './sessions.service';
import { TokensService } from '../tokens/tokens.service';

const INTERVAL_MS = 15 * 60_000;

/**
 * Deletes expired sessions and tokens every 15 minutes. Expiry is enforced on every request
 * regardless; this only keeps the tables small. Safe to run on several instances at once.
 */
@Injectable()
export class PruneScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PruneScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async run(): Promise<{ sessions: number; tokens: number }> {
    try {
      const result = {
        sessions: await this.sessions.pruneExpired(),
        tokens: await this.tokens.pruneExpired(),
      };
      if (result.sessions || result.tokens)
        this.logger.log(`Pruned ${result.sessions} sessions, ${result.tokens} tokens`);
      return result;
    } catch (err) {
      this.logger.warn(`Prune failed: ${(err as Error).message}`);
      return { sessions: 0, tokens: 0 };
    }
  }
}
