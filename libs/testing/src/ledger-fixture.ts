import {
  ClosedPartition,
  OutboxRecord,
  PartitionClose,
  PostgresBatchLedger,
  RequestOutcome,
} from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { uniqueName } from './stack-config';

/** Identifies one partition of one topic as consumed by one consumer group. */
export interface PartitionRef {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
}

/** Drives the batch ledger of a test database as batch transactions do: locks, moves positions, closes. */
export class LedgerFixture {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns the ledger of a consumer group. */
  ledgerOf(groupId: string): PostgresBatchLedger {
    return new PostgresBatchLedger(this.dataSource, groupId);
  }

  /** Returns a partition no other test uses. */
  freshRef(partition = 0): PartitionRef {
    return { groupId: uniqueName('test-group'), topic: uniqueName('test-topic'), partition };
  }

  /** Locks one partition's position in the transaction and returns it. */
  async lock(tx: EntityManager, ref: PartitionRef): Promise<bigint | null> {
    const [next] = await this.ledgerOf(ref.groupId).lockPositions(tx, [ref]);
    return next;
  }

  /** Moves the position as a batch's close does, with nothing else to write. */
  async advance(tx: EntityManager, ref: PartitionRef, nextOffset: bigint): Promise<void> {
    const partitions = [{ source: ref, records: [], nextOffset }];
    await this.ledgerOf(ref.groupId).close(tx, { partitions, outcomes: [] });
  }

  /** Locks one partition's position in a transaction of its own and returns it. */
  lockInOwnTransaction(ref: PartitionRef): Promise<bigint | null> {
    return this.dataSource.transaction((manager) => this.lock(manager, ref));
  }

  /** Locks the partitions' positions, as a batch transaction does, then closes the batch. */
  closeInTransaction(
    groupId: string,
    partitions: readonly PartitionClose[],
    outcomes: readonly RequestOutcome[] = [],
  ): Promise<ClosedPartition[]> {
    const ledger = this.ledgerOf(groupId);
    return ledger.transaction(async (tx) => {
      await ledger.lockPositions(
        tx,
        partitions.map((p) => p.source),
      );
      return ledger.close(tx, { partitions, outcomes });
    });
  }

  /** Closes the batch of one partition in its own transaction. */
  async closeOne({ groupId, outcomes, ...partition }: OneClose): Promise<ClosedPartition> {
    const [closed] = await this.closeInTransaction(groupId, [partition], outcomes);
    return closed;
  }
}

/** One partition's close, with the outcomes of its batch. */
export interface OneClose extends PartitionClose {
  readonly groupId: string;
  readonly outcomes: readonly RequestOutcome[];
}

/**
 * An outbox record whose id and payload derive from `eventId`, with a key of its own unless given
 * (rows of one key wait for each other's publication, across the specs sharing a database).
 */
export function outboxRecord(eventId: string, key = uniqueName(`key-${eventId}`)): OutboxRecord {
  return {
    eventId,
    topic: 'customers.events',
    key,
    value: Buffer.from(`{"id":"${eventId}"}`),
    headers: { ce_id: eventId },
  };
}
