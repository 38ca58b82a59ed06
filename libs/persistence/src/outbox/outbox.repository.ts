import { DataSource, EntityManager } from 'typeorm';
import { OutboxRecord, OutboxSource, StoredOutboxRecord } from './outbox-record';

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Inserts outbox rows in order, from one array per column (each row names its input partition):
 * the statement's text and parameter count stay the same for any batch size. Parameters: see
 * `outboxInsertParams`.
 */
export const OUTBOX_INSERT = `
  INSERT INTO outbox (event_id, topic, key, value, headers, source_topic, source_partition)
  SELECT event_id, topic, key, value, headers, source_topic, source_partition
    FROM unnest($3::text[], $4::text[], $5::text[], $6::bytea[], $7::jsonb[], $1::text[], $2::int[])
      WITH ORDINALITY AS r(event_id, topic, key, value, headers, source_topic, source_partition, n)
   ORDER BY n
  RETURNING id`;

/**
 * The 1-based positions, among the input partitions given as arrays `$topics` and `$partitions`,
 * of those whose outbox rows wait for publication. In a statement that also inserts, it reads the
 * snapshot taken before the insert, so it sees older rows only.
 */
export function olderOutboxRowsSql(topics: number, partitions: number): string {
  return `ARRAY(SELECT g.n FROM unnest($${topics}::text[], $${partitions}::int[])
                  WITH ORDINALITY AS g(topic, partition, n)
                 WHERE EXISTS (SELECT 1 FROM outbox o
                                WHERE o.source_topic = g.topic AND o.source_partition = g.partition))`;
}

/** An outbox row to insert, with the input partition whose batch wrote it. */
export interface SourcedOutboxRecord {
  readonly source: OutboxSource;
  readonly record: OutboxRecord;
}

/** The parameters $1 to $7 of `OUTBOX_INSERT`. */
export function outboxInsertParams(rows: readonly SourcedOutboxRecord[]): unknown[] {
  return [
    rows.map((r) => r.source.topic),
    rows.map((r) => r.source.partition),
    rows.map((r) => r.record.eventId),
    rows.map((r) => r.record.topic),
    rows.map((r) => r.record.key),
    rows.map((r) => r.record.value),
    rows.map((r) => JSON.stringify(r.record.headers)),
  ];
}

/** Hands out outbox rows for publication and removes them (batches append theirs in `closeBatch`). */
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns the rows written by batches of one input partition, oldest first. */
  async pendingFrom(source: OutboxSource, limit: number): Promise<StoredOutboxRecord[]> {
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, event_id, topic, key, value, headers FROM outbox
       WHERE source_topic = $1 AND source_partition = $2 ORDER BY id LIMIT $3`,
      [source.topic, source.partition, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * Locks and returns rows older than `minAgeMs`, oldest first, skipping rows another relay holds.
   * The caller publishes them and removes them in the same transaction.
   */
  async lockStale(
    manager: EntityManager,
    minAgeMs: number,
    limit: number,
  ): Promise<StoredOutboxRecord[]> {
    const rows: OutboxRow[] = await manager.query(
      `SELECT id, event_id, topic, key, value, headers FROM outbox
       WHERE created_at < now() - make_interval(secs => $1::double precision / 1000)
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [minAgeMs, limit],
    );
    return rows.map(toRecord);
  }

  /** Deletes published rows. */
  async remove(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Counts the rows not yet published (the outbox backlog). */
  async count(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM outbox`);
    return Number(rows[0].n);
  }
}

function toRecord(row: OutboxRow): StoredOutboxRecord {
  return {
    id: String(row.id),
    eventId: row.event_id,
    topic: row.topic,
    key: row.key,
    value: row.value,
    headers: row.headers,
  };
}
