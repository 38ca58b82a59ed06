import {
  OutboxRepository,
  OutboxSource,
  RefusedOutboxRecord,
  StoredOutboxRecord,
} from '@app/persistence';
import { DataSource } from 'typeorm';
import { BrokerProducer } from '../broker/broker-producer';
import { TransientError } from '../errors/transient.error';
import { sendOrSetApart } from './send-or-set-apart';

const FLUSH_PAGE = 1000;

/**
 * How long a flush waits for an older row of another partition that holds back one of its rows
 * (usually one being published at that moment: its delete follows the broker's acknowledgement),
 * and how often it looks again. Past the wait, the relay's sweep publishes the rows in id order.
 */
export const HELD_BACK_WAIT_MS = 2_000;
const HELD_BACK_POLL_MS = 20;

/** The outbox operations a flush uses. */
export type FlushedOutbox = Pick<
  OutboxRepository,
  'pendingFrom' | 'anyFrom' | 'remove' | 'setAside'
>;

/**
 * Publishes the outbox rows of one input partition, oldest first (leftovers of a crashed
 * predecessor included, so per-key order holds), then deletes them. A row the broker refuses
 * for good is set aside (`outbox_unpublishable`) and `onSetApart` hears of it: it never blocks
 * the rows behind it. Any other failure is transient: the rows stay and the batch is retried,
 * which publishes them again.
 */
export class OutboxFlusher {
  private readonly outbox: FlushedOutbox;

  constructor(
    dataSource: DataSource,
    private readonly producer: BrokerProducer,
    private readonly onSetApart: (refused: readonly RefusedOutboxRecord[]) => void = () =>
      undefined,
    outbox?: FlushedOutbox,
  ) {
    this.outbox = outbox ?? new OutboxRepository(dataSource);
  }

  /**
   * Publishes and deletes the pending rows of the source partition, read back; returns how many
   * were read. Rows held back behind an older row of their key from another partition are waited
   * for up to `HELD_BACK_WAIT_MS`, then left to the relay's sweep.
   */
  async flush(source: OutboxSource): Promise<number> {
    let flushed = 0;
    const deadline = Date.now() + HELD_BACK_WAIT_MS;
    for (;;) {
      const rows = await this.outbox.pendingFrom(source, FLUSH_PAGE);
      if (rows.length > 0) {
        await this.publish(rows);
        flushed += rows.length;
        if (rows.length === FLUSH_PAGE) continue;
      }
      if (Date.now() >= deadline || !(await this.outbox.anyFrom(source))) return flushed;
      await new Promise((resolve) => setTimeout(resolve, HELD_BACK_POLL_MS));
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
    if (written.length > 0) await this.publish(written);
    for (const { source, written } of partitions) if (!written) await this.flush(source);
  }

  /**
   * Sends rows to the broker as they are stored, sets aside those it refuses for good, deletes the rest.
   * @throws TransientError when the broker does not acknowledge them.
   */
  private async publish(rows: readonly StoredOutboxRecord[]): Promise<void> {
    let refused: RefusedOutboxRecord[];
    try {
      refused = await sendOrSetApart(this.producer, rows);
    } catch (error) {
      throw new TransientError(
        `Publishing ${rows.length} outbox events failed; they stay in the outbox.`,
        { cause: error },
      );
    }
    if (refused.length > 0) {
      await this.outbox.setAside(refused);
      this.onSetApart(refused);
    }
    await this.outbox.remove(rows.map((row) => row.id));
  }
}
