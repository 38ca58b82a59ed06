import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { PostgresBatchLedger } from '../ledger/postgres-batch-ledger';
import { OutboxRecord, RefusedOutboxRecord, StoredOutboxRecord } from './outbox-record';
import { OutboxPublisher } from './outbox-relay';

/* What the outbox relay specs share: records, a recording publisher, and the outbox table. */

export const source = { topic: 'test-topic', partition: 0 };

export function record(eventId: string): OutboxRecord {
  return {
    eventId,
    topic: 'test-output',
    key: `key-${eventId}`,
    value: Buffer.from(JSON.stringify({ eventId })),
    headers: { ce_id: eventId },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A publisher that records what it was handed, optionally slowly or failing. */
export class RecordingPublisher {
  readonly batches: StoredOutboxRecord[][] = [];
  readonly spans: [number, number][] = [];

  constructor(
    private readonly options: { delayMs?: number; failure?: Error; refuses?: string[] } = {},
  ) {}

  readonly publish: OutboxPublisher = async (records) => {
    const start = Date.now();
    await sleep(this.options.delayMs ?? 0);
    if (this.options.failure) throw this.options.failure;
    const refuses = new Set(this.options.refuses ?? []);
    this.batches.push(records.filter((record) => !refuses.has(record.eventId)));
    this.spans.push([start, Date.now()]);
    return records
      .filter((record) => refuses.has(record.eventId))
      .map((record): RefusedOutboxRecord => ({
        record,
        reason: 'MESSAGE_TOO_LARGE',
        error: 'too large',
      }));
  };

  eventIds(): string[] {
    return this.batches.flat().map((published) => published.eventId);
  }
}

/** The outbox table of a test database of the spec's own, emptied before each test. */
export class OutboxTable {
  private db!: TestDatabase;

  /** Creates the database before the spec's tests and drops it after them. */
  static forSpec(): OutboxTable {
    const table = new OutboxTable();
    beforeAll(async () => {
      table.db = await createTestDatabase();
    });
    afterAll(() => table.db?.drop());
    beforeEach(() =>
      table.db.dataSource.query(`DELETE FROM outbox; DELETE FROM outbox_unpublishable`),
    );
    return table;
  }

  get dataSource(): DataSource {
    return this.db.dataSource;
  }

  /** Appends records as one batch transaction would; `stale` ones are backdated past any minAgeMs. */
  async append(
    eventIds: string[],
    stale: (eventId: string) => boolean = () => true,
  ): Promise<void> {
    const ledger = new PostgresBatchLedger(this.db.dataSource, 'test-group');
    await ledger.transaction((tx) =>
      ledger.close(tx, {
        partitions: [{ source, records: eventIds.map(record), nextOffset: 1n }],
        outcomes: [],
      }),
    );
    const backdated = eventIds.filter(stale);
    await this.db.dataSource.query(
      `UPDATE outbox SET created_at = now() - interval '1 hour' WHERE event_id = ANY($1::text[])`,
      [backdated],
    );
  }

  async remaining(): Promise<string[]> {
    const rows: { event_id: string }[] = await this.db.dataSource.query(
      `SELECT event_id FROM outbox ORDER BY id`,
    );
    return rows.map((row) => row.event_id);
  }
}

/** Event ids `<prefix>-00`, `<prefix>-01`, ... */
export function ids(count: number, prefix = 'e'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`);
}
