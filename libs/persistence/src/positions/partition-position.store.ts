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
    const [next] = await this.lockAll(manager, ref.groupId, [ref]);
    return next;
  }

  /**
   * Locks the position rows of several partitions for this transaction, in (topic, partition)
   * order so that two transactions never wait for each other, and returns their next offsets in
   * the order given (null where none is stored).
   */
  async lockAll(
    manager: EntityManager,
    groupId: string,
    partitions: readonly { topic: string; partition: number }[],
  ): Promise<(bigint | null)[]> {
    const params = [groupId, partitions.map((p) => p.topic), partitions.map((p) => p.partition)];
    const select = `SELECT g.n, c.next_offset
                      FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS g(topic, partition, n)
                      JOIN consumer_offsets c
                        ON c.group_id = $1 AND c.topic = g.topic AND c.partition = g.partition
                     ORDER BY c.topic, c.partition FOR UPDATE OF c`;
    let rows: { n: string; next_offset: string }[] = await manager.query(select, params);
    if (rows.length < partitions.length) {
      // First batch ever for some partition: create its row so that it can be locked.
      await manager.query(
        `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
         SELECT $1, topic, partition, -1 FROM unnest($2::text[], $3::int[]) AS g(topic, partition)
         ON CONFLICT DO NOTHING`,
        params,
      );
      rows = await manager.query(select, params);
    }
    const next = new Map(rows.map((row) => [Number(row.n), BigInt(row.next_offset)]));
    return partitions.map((_, i) => {
      const offset = next.get(i + 1) as bigint;
      return offset < 0n ? null : offset;
    });
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
