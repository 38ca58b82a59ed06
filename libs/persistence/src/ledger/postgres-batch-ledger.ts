import { DataSource, EntityManager } from 'typeorm';
import { OutboxSource } from '../outbox/outbox-record';
import { BatchClose, BatchLedger, ClosedPartition } from './batch-ledger';
import { closedPartitions, closeStatement, CloseRow } from './close-statement';
import { namedQuery } from './named-query';

const LOCK_POSITIONS = `
  SELECT g.n, c.next_offset
    FROM unnest($topics::text[], $partitions::int[]) WITH ORDINALITY AS g(topic, partition, n)
    JOIN consumer_offsets c
      ON c.group_id = $groupId AND c.topic = g.topic AND c.partition = g.partition
   ORDER BY c.topic, c.partition FOR UPDATE OF c`;

/** A position row of -1 stands for "none stored yet": it exists only so that it can be locked. */
const CREATE_POSITIONS = `
  INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
  SELECT $groupId, topic, partition, -1
    FROM unnest($topics::text[], $partitions::int[]) AS g(topic, partition)
  ON CONFLICT DO NOTHING`;

const READ_POSITIONS = `
  SELECT partition, next_offset FROM consumer_offsets
   WHERE group_id = $groupId AND topic = $topic AND partition = ANY($partitions::int[])
     AND next_offset >= 0`;

const FIND_ANSWERED = `SELECT tracking_id FROM request_outcomes WHERE tracking_id = ANY($trackingIds::text[])`;

/** The savepoint each event's writes run under. */
const EVENT_SAVEPOINT = 'event';

/** The ledger of one consumer group in the service's PostgreSQL schema (`consumer_offsets`, `outbox`, `request_outcomes`). */
export class PostgresBatchLedger implements BatchLedger {
  /** The transactions in which an event's savepoint is set. */
  private readonly savepoints = new WeakSet<EntityManager>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly groupId: string,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async lockPositions(
    tx: EntityManager,
    partitions: readonly OutboxSource[],
  ): Promise<(bigint | null)[]> {
    const params = {
      groupId: this.groupId,
      topics: partitions.map((p) => p.topic),
      partitions: partitions.map((p) => p.partition),
    };
    const lock = namedQuery(LOCK_POSITIONS, params);
    let rows: { n: string; next_offset: string }[] = await tx.query(lock.text, lock.values);
    if (rows.length < partitions.length) {
      // First batch ever for some partition: create its row so that it can be locked.
      const create = namedQuery(CREATE_POSITIONS, params);
      await tx.query(create.text, create.values);
      rows = await tx.query(lock.text, lock.values);
    }
    const next = new Map(rows.map((row) => [Number(row.n), BigInt(row.next_offset)]));
    return partitions.map((_, i) => {
      const offset = next.get(i + 1) as bigint;
      return offset < 0n ? null : offset;
    });
  }

  async findAnswered(tx: EntityManager, trackingIds: readonly string[]): Promise<Set<string>> {
    if (trackingIds.length === 0) return new Set();
    const find = namedQuery(FIND_ANSWERED, { trackingIds });
    const rows: { tracking_id: string }[] = await tx.query(find.text, find.values);
    return new Set(rows.map((row) => row.tracking_id));
  }

  async beginEvent(tx: EntityManager): Promise<void> {
    // One round trip per event: the previous event's savepoint is released in the same one.
    await tx.query(
      this.savepoints.has(tx)
        ? `RELEASE SAVEPOINT ${EVENT_SAVEPOINT}; SAVEPOINT ${EVENT_SAVEPOINT}`
        : `SAVEPOINT ${EVENT_SAVEPOINT}`,
    );
    this.savepoints.add(tx);
  }

  async undoEvent(tx: EntityManager): Promise<void> {
    await tx.query(`ROLLBACK TO SAVEPOINT ${EVENT_SAVEPOINT}`);
  }

  async close(tx: EntityManager, close: BatchClose): Promise<ClosedPartition[]> {
    const statement = closeStatement(this.groupId, close);
    const [row]: CloseRow[] = await tx.query(statement.text, statement.values);
    return closedPartitions(close, row);
  }

  async readPositions(topic: string, partitions: readonly number[]): Promise<Map<number, bigint>> {
    const read = namedQuery(READ_POSITIONS, { groupId: this.groupId, topic, partitions });
    const rows: { partition: number; next_offset: string }[] = await this.dataSource.query(
      read.text,
      read.values,
    );
    return new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  }
}
