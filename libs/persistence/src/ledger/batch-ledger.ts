import { EntityManager } from 'typeorm';
import { OutboxRecord, OutboxSource, StoredOutboxRecord } from '../outbox/outbox-record';
import { RequestOutcome } from '../outcomes/request-outcome';

/** What a batch transaction writes for one input partition, once its handlers ran. */
export interface PartitionClose {
  /** The input partition: whose outbox rows these are, and whose position moves. */
  readonly source: OutboxSource;
  readonly records: readonly OutboxRecord[];
  /** The offset of the partition's next event to apply. */
  readonly nextOffset: bigint;
}

/** What a batch transaction writes last: per input partition, and the outcomes of all. */
export interface BatchClose {
  readonly partitions: readonly PartitionClose[];
  readonly outcomes: readonly RequestOutcome[];
}

/** The outbox rows a partition's batch stored, and whether older rows of that partition wait before them. */
export interface ClosedPartition {
  readonly source: OutboxSource;
  readonly stored: StoredOutboxRecord[];
  readonly olderPending: boolean;
}

/**
 * The book one consumer group keeps of its batches, ARCHITECTURE §2: per partition, the position
 * of the next event to apply, locked for the whole batch transaction (it fences a zombie worker
 * after a rebalance); the requests already answered; and the closing writes of a batch. It is the
 * only writer of positions.
 */
export interface BatchLedger {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;

  /**
   * Locks the positions of the partitions for this transaction, in (topic, partition) order so
   * that two transactions never wait for each other, and returns their next offsets in the order
   * given (null where none is stored).
   */
  lockPositions(tx: EntityManager, partitions: readonly OutboxSource[]): Promise<(bigint | null)[]>;

  /** Returns which of the tracking ids already have an outcome (requests already handled). */
  findAnswered(tx: EntityManager, trackingIds: readonly string[]): Promise<Set<string>>;

  /** Marks the start of one event's writes, so that `undoEvent` can take them back. */
  beginEvent(tx: EntityManager): Promise<void>;

  /** Takes back the writes made since the last `beginEvent`; the transaction goes on. */
  undoEvent(tx: EntityManager): Promise<void>;

  /**
   * Writes the end of a batch transaction: the outbox rows, the outcomes of tracked requests
   * (announced on commit) and the new position of each partition, whose rows the transaction has
   * locked. Returns, per partition in the order given, its rows as stored and whether older rows
   * of it were already waiting for publication.
   */
  close(tx: EntityManager, close: BatchClose): Promise<ClosedPartition[]>;

  /** Reads the stored positions of a topic's partitions without locking them (to seek on assignment). */
  readPositions(topic: string, partitions: readonly number[]): Promise<Map<number, bigint>>;
}
