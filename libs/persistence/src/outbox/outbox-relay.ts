import { DataSource } from 'typeorm';
import { RefusedOutboxRecord, StoredOutboxRecord } from './outbox-record';
import { OutboxRepository } from './outbox.repository';

/**
 * Sends outbox records to the broker; resolves once the broker has acknowledged all of them but
 * those it refused for good, which it returns (they are set aside); rejects when any is left
 * unsent for a reason a retry may cure.
 */
export type OutboxPublisher = (
  records: readonly StoredOutboxRecord[],
) => Promise<readonly RefusedOutboxRecord[]>;

/** Tunes the relay. */
export interface OutboxRelayOptions {
  /** Rows younger than this belong to a live worker, which publishes them itself. @default 10000 */
  readonly minAgeMs?: number;
  /** @default 5000 */
  readonly intervalMs?: number;
  /** @default 500 */
  readonly batchSize?: number;
}

/**
 * Publishes outbox rows that a crashed worker left behind, oldest first, so that per-key order
 * holds. Only one relay of a schema sweeps at a time (an advisory lock); rows a worker is
 * publishing itself are skipped (FOR UPDATE SKIP LOCKED).
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly outbox: OutboxRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publish: OutboxPublisher,
    private readonly options: OutboxRelayOptions = {},
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly onSetAside: (refused: readonly RefusedOutboxRecord[]) => void = () =>
      undefined,
  ) {
    this.outbox = new OutboxRepository(dataSource);
  }

  /** Starts sweeping on an interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.sweep()
          .catch((error: unknown) => {
            this.onError(error);
            return 0;
          })
          .finally(() => (this.running = undefined));
      }
    }, this.options.intervalMs ?? 5000);
    this.timer.unref();
  }

  /** Stops sweeping and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Publishes and deletes one batch of stale rows, setting aside those the broker refused for
   * good (`onSetAside` hears of them once committed); returns how many were published.
   */
  async sweep(): Promise<number> {
    let refused: readonly RefusedOutboxRecord[] = [];
    const published = await this.dataSource.transaction(async (manager) => {
      // One relay at a time per schema: two relays publishing different pages would break per-key order.
      const [{ locked }]: { locked: boolean }[] = await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) AS locked`,
      );
      if (!locked) return 0;
      const records = await this.outbox.lockStale(
        manager,
        this.options.minAgeMs ?? 10_000,
        this.options.batchSize ?? 500,
      );
      if (records.length === 0) return 0;
      refused = await this.publish(records);
      await this.outbox.setAside(refused, manager);
      await this.outbox.remove(
        records.map((record) => record.id),
        manager,
      );
      return records.length - refused.length;
    });
    if (refused.length > 0) this.onSetAside(refused);
    return published;
  }
}
