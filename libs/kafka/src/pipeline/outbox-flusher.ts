import { OutboxRepository, OutboxSource, StoredOutboxRecord } from '@app/persistence';
import { DataSource } from 'typeorm';
import { BrokerProducer } from '../broker/broker-producer';
import { TransientError } from '../errors/transient.error';

const FLUSH_PAGE = 1000;

/**
 * Publishes the outbox rows of one input partition, oldest first (leftovers of a crashed
 * predecessor included, so per-key order holds), then deletes them. A failure is transient:
 * the rows stay and the batch is retried, which publishes them again.
 */
export class OutboxFlusher {
  private readonly outbox: OutboxRepository;

  constructor(
    dataSource: DataSource,
    private readonly producer: BrokerProducer,
  ) {
    this.outbox = new OutboxRepository(dataSource);
  }

  /** Publishes and deletes the pending rows of the source partition, read back; returns how many. */
  async flush(source: OutboxSource): Promise<number> {
    let published = 0;
    for (;;) {
      const rows = await this.outbox.pendingFrom(source, FLUSH_PAGE);
      if (rows.length === 0) return published;
      await this.publish(rows);
      await this.outbox.remove(rows.map((row) => row.id));
      published += rows.length;
      if (rows.length < FLUSH_PAGE) return published;
    }
  }

  /**
   * Flushes the partitions of one batch transaction: the rows it wrote where they alone are
   * pending go out together in one send and one delete; other partitions are read back.
   */
  async flushAll(
    partitions: readonly { source: OutboxSource; written?: readonly StoredOutboxRecord[] }[],
  ): Promise<void> {
    const written = partitions.flatMap((p) => p.written ?? []);
    if (written.length > 0) {
      await this.publish(written);
      await this.outbox.remove(written.map((row) => row.id));
    }
    for (const { source, written } of partitions) if (!written) await this.flush(source);
  }

  /** Sends rows to the broker as they are stored. @throws TransientError when the broker does not acknowledge them. */
  readonly publish = async (rows: readonly StoredOutboxRecord[]): Promise<void> => {
    try {
      await this.producer.send(
        rows.map((row) => ({
          topic: row.topic,
          key: row.key,
          value: row.value,
          headers: row.headers,
        })),
      );
    } catch (error) {
      throw new TransientError(
        `Publishing ${rows.length} outbox events failed; they stay in the outbox.`,
        {
          cause: error,
        },
      );
    }
  };
}
