import { OldestOutboxRecord, OutboxRepository } from '@app/persistence';
import { LoggerService } from '@nestjs/common';
import { WorkerObserver } from '../pipeline/worker-observer';
import { WorkerStatus } from './worker-status';

/**
 * Reads the age of the oldest outbox row on an interval, for `outbox_oldest_age_seconds`. A row
 * older than the threshold means publication is stuck (the broker is away, or refuses it for a
 * reason taken as transient, an authorization say): readiness fails and one error line names
 * the row, until it is published.
 */
export class OutboxWatch {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly status: WorkerStatus,
    private readonly observer: WorkerObserver,
    private readonly logger: LoggerService,
    private readonly options: { readonly stuckAfterMs: number; readonly intervalMs: number },
  ) {}

  /** Starts reading on the interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.outbox.oldest().then(
        (oldest) => this.record(oldest),
        // A database outage shows in the batches' own failures; the last reading stands.
        () => undefined,
      );
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops reading. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private record(oldest: OldestOutboxRecord | undefined): void {
    const age = oldest?.ageSeconds ?? 0;
    this.observer.setOutboxOldestAge(age);
    const stuckAfterMs = this.options.stuckAfterMs;
    const stuck =
      oldest && age * 1000 > stuckAfterMs
        ? `event ${oldest.eventId} for ${oldest.topic} (from ${oldest.source.topic}[${oldest.source.partition}])`
        : undefined;
    const was = this.status.snapshot().stuckOutbox;
    if (stuck !== undefined && stuck !== was) {
      this.logger.error(
        `Outbox publication is stuck: ${stuck} has waited ${Math.round(age)} s, past ` +
          `${stuckAfterMs / 1000} s; the worker is not ready until it is published ` +
          `(the failed publications are logged as warnings).`,
      );
    } else if (stuck === undefined && was !== undefined) {
      this.logger.log(`Outbox publication resumed: ${was} is published.`);
    }
    this.status.update({ stuckOutbox: stuck, outboxOldestAgeSeconds: age });
  }
}
