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

  /**
   * Publishes and deletes the pending rows of the source partition; returns how many. `written`
   * are the rows the batch just committed, when they are known to be the only pending ones: they
   * are published as they are, without reading them back.
   */
  async flush(source: OutboxSource, written?: readonly StoredOutboxRecord[]): Promise<number> {
    if (written) {
      await this.publish(written);
      await this.outbox.remove(written.map((row) => row.id));
      return written.length;
    }
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
