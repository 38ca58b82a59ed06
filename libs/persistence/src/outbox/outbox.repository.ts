import { DataSource, EntityManager } from 'typeorm';
import {
  OldestOutboxRecord,
  OutboxSource,
  RefusedOutboxRecord,
  StoredOutboxRecord,
} from './outbox-record';

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Hands out outbox rows for publication and removes them (batches append theirs when the ledger closes them). */
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Returns the rows written by batches of one input partition, oldest first, but for those of a
   * key with an older row written from another partition: that one goes out first (its own
   * partition's flush, or the relay's sweep in id order), and this one with the next flush or sweep.
   */
  async pendingFrom(source: OutboxSource, limit: number): Promise<StoredOutboxRecord[]> {
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, event_id, topic, key, value, headers FROM outbox r
       WHERE source_topic = $1 AND source_partition = $2
         AND NOT EXISTS (SELECT 1 FROM outbox o
                          WHERE o.topic = r.topic AND o.key = r.key AND o.id < r.id
                            AND (o.source_topic <> $1 OR o.source_partition <> $2))
       ORDER BY id LIMIT $3`,
      [source.topic, source.partition, limit],
    );
    return rows.map(toRecord);
  }

  /** Tells whether any row written by batches of one input partition waits, held back or not. */
  async anyFrom(source: OutboxSource): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM outbox WHERE source_topic = $1 AND source_partition = $2 LIMIT 1`,
      [source.topic, source.partition],
    );
    return rows.length > 0;
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

  /**
   * Moves refused rows to `outbox_unpublishable` with their refusal, in one statement per row
   * (the delete and the insert commit together), so that publication goes on behind them.
   */
  async setAside(
    refused: readonly RefusedOutboxRecord[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    for (const { record, reason, error } of refused) {
      await manager.query(
        `WITH moved AS (DELETE FROM outbox WHERE id = $1 RETURNING *)
         INSERT INTO outbox_unpublishable (id, event_id, topic, key, value, headers,
           source_topic, source_partition, created_at, reason, error)
         SELECT id, event_id, topic, key, value, headers, source_topic, source_partition,
           created_at, $2, $3 FROM moved
         ON CONFLICT (id) DO NOTHING`,
        [record.id, reason, error],
      );
    }
  }

  /** Returns the oldest row not yet published, with its age, if any. */
  async oldest(): Promise<OldestOutboxRecord | undefined> {
    const rows: {
      event_id: string;
      topic: string;
      source_topic: string;
      source_partition: number;
      age_seconds: number;
    }[] = await this.dataSource.query(
      `SELECT event_id, topic, source_topic, source_partition,
         extract(epoch FROM now() - created_at)::double precision AS age_seconds
       FROM outbox ORDER BY id LIMIT 1`,
    );
    if (rows.length === 0) return undefined;
    const [row] = rows;
    return {
      eventId: row.event_id,
      topic: row.topic,
      source: { topic: row.source_topic, partition: row.source_partition },
      ageSeconds: Math.max(0, row.age_seconds),
    };
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
