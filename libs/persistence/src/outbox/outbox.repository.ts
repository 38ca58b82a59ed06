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

/** Appends encoded events to the outbox inside a batch transaction, and hands them out for publication. */
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the records in order with one statement inside the caller's transaction; returns
   * them as stored, with their ids.
   */
  async append(
    manager: EntityManager,
    source: OutboxSource,
    records: readonly OutboxRecord[],
  ): Promise<StoredOutboxRecord[]> {
    if (records.length === 0) return [];
    // One array per column: the statement's text and parameter count stay the same for any batch size.
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox (event_id, topic, key, value, headers, source_topic, source_partition)
       SELECT event_id, topic, key, value, headers, $6, $7
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::jsonb[])
           WITH ORDINALITY AS r(event_id, topic, key, value, headers, n)
        ORDER BY n
       RETURNING id`,
      [
        records.map((r) => r.eventId),
        records.map((r) => r.topic),
        records.map((r) => r.key),
        records.map((r) => r.value),
        records.map((r) => JSON.stringify(r.headers)),
        source.topic,
        source.partition,
      ],
    );
    return records.map((record, i) => ({ ...record, id: String(rows[i].id) }));
  }

  /** Tells whether rows of one input partition wait for publication (a predecessor's leftovers). */
  async hasPending(manager: EntityManager, source: OutboxSource): Promise<boolean> {
    const rows: { pending: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE source_topic = $1 AND source_partition = $2) AS pending`,
      [source.topic, source.partition],
    );
    return rows[0].pending;
  }

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
