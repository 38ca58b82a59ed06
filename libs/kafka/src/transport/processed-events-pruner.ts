import { BatchLedger } from '@app/persistence';
import { LoggerService } from '@nestjs/common';

/**
 * Forgets the processed event ids older than the deduplication window, at start and then every
 * tenth of the window (at most hourly): a copy of an event that arrives later than the window is
 * applied again, which is the documented bound of the guarantee.
 */
export class ProcessedEventsPruner {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ledger: BatchLedger,
    private readonly windowMs: number,
    private readonly logger: LoggerService,
  ) {}

  /** Prunes now and on a timer that never keeps the process alive. */
  start(): void {
    void this.prune();
    const every = Math.min(this.windowMs / 10, 3_600_000);
    this.timer = setInterval(() => void this.prune(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async prune(): Promise<void> {
    try {
      const pruned = await this.ledger.pruneProcessed(this.windowMs);
      if (pruned > 0) this.logger.debug?.(`Forgot ${pruned} processed event ids past the window`);
    } catch (error) {
      // The next sweep tries again; meanwhile the table only grows a little.
      this.logger.warn(`Pruning processed event ids failed: ${String(error)}`);
    }
  }
}
