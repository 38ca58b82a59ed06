import { DataSource, EntityManager } from 'typeorm';

/** Identifies one partition of one topic as consumed by one consumer group. */
export interface PartitionRef {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
}

/**
 * Stores, per consumer group and partition, the offset of the next event to apply. The row is
 * locked for the whole batch transaction: it is what fences a zombie worker after a rebalance.
 */
export class PartitionPositionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Locks the partition's position row for this transaction and returns its next offset, or null when none is stored. */
  async lock(manager: EntityManager, ref: PartitionRef): Promise<bigint | null> {
    const select = `SELECT next_offset FROM consumer_offsets
                    WHERE group_id = $1 AND topic = $2 AND partition = $3 FOR UPDATE`;
    const params = [ref.groupId, ref.topic, ref.partition];
    let rows: { next_offset: string }[] = await manager.query(select, params);
    if (rows.length === 0) {
      // First batch ever for this partition: create the row so that it can be locked.
      await manager.query(
        `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
         VALUES ($1, $2, $3, -1) ON CONFLICT DO NOTHING`,
        params,
      );
      rows = await manager.query(select, params);
    }
    const next = BigInt(rows[0].next_offset);
    return next < 0n ? null : next;
  }

  /** Moves the partition's position to `nextOffset` inside the caller's transaction. */
  async advance(manager: EntityManager, ref: PartitionRef, nextOffset: bigint): Promise<void> {
    await manager.query(
      `UPDATE consumer_offsets SET next_offset = $4, updated_at = now()
       WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [ref.groupId, ref.topic, ref.partition, nextOffset.toString()],
    );
  }

  /** Reads the stored positions of the given partitions without locking them (used to seek on assignment). */
  async read(
    groupId: string,
    topic: string,
    partitions: readonly number[],
  ): Promise<Map<number, bigint>> {
    const rows: { partition: number; next_offset: string }[] = await this.dataSource.query(
      `SELECT partition, next_offset FROM consumer_offsets
       WHERE group_id = $1 AND topic = $2 AND partition = ANY($3::int[]) AND next_offset >= 0`,
      [groupId, topic, partitions],
    );
    return new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  }
}
