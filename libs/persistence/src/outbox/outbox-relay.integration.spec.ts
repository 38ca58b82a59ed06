import { createTestDatabase, TestDatabase, waitFor } from '@app/testing';
import { PostgresBatchLedger } from '../ledger/postgres-batch-ledger';
import { OutboxRecord, RefusedOutboxRecord, StoredOutboxRecord } from './outbox-record';
import { OutboxPublisher, OutboxRelay } from './outbox-relay';

const source = { topic: 'test-topic', partition: 0 };

function record(eventId: string): OutboxRecord {
  return {
    eventId,
    topic: 'test-output',
    key: `key-${eventId}`,
    value: Buffer.from(JSON.stringify({ eventId })),
    headers: { ce_id: eventId },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A publisher that records what it was handed, optionally slowly or failing. */
class RecordingPublisher {
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

describe(OutboxRelay.name, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  beforeEach(() => db.dataSource.query(`DELETE FROM outbox; DELETE FROM outbox_unpublishable`));

  /** Appends records as one batch transaction would; `stale` ones are backdated past any minAgeMs. */
  async function append(
    eventIds: string[],
    stale: (eventId: string) => boolean = () => true,
  ): Promise<void> {
    const ledger = new PostgresBatchLedger(db.dataSource, 'test-group');
    await ledger.transaction((tx) =>
      ledger.close(tx, {
        partitions: [{ source, records: eventIds.map(record), nextOffset: 1n }],
        outcomes: [],
      }),
    );
    const backdated = eventIds.filter(stale);
    await db.dataSource.query(
      `UPDATE outbox SET created_at = now() - interval '1 hour' WHERE event_id = ANY($1::text[])`,
      [backdated],
    );
  }

  async function remaining(): Promise<string[]> {
    const rows: { event_id: string }[] = await db.dataSource.query(
      `SELECT event_id FROM outbox ORDER BY id`,
    );
    return rows.map((row) => row.event_id);
  }

  function ids(count: number, prefix = 'e'): string[] {
    return Array.from(
      { length: count },
      (_, index) => `${prefix}-${String(index).padStart(2, '0')}`,
    );
  }

  describe('sweep', () => {
    it('publishes the stale rows in id order, deletes them and leaves young rows untouched', async () => {
      await append(['e-1', 'young-1', 'e-2', 'e-3', 'young-2'], (id) => id.startsWith('e-'));
      const publisher = new RecordingPublisher();

      const published = await new OutboxRelay(db.dataSource, publisher.publish, {
        minAgeMs: 60_000,
      }).sweep();

      expect(published).toBe(3);
      expect(publisher.batches).toHaveLength(1);
      expect(publisher.eventIds()).toEqual(['e-1', 'e-2', 'e-3']);
      const numericIds = publisher.batches[0].map((stored) => BigInt(stored.id));
      expect([...numericIds].sort((a, b) => (a < b ? -1 : 1))).toEqual(numericIds);
      expect(await remaining()).toEqual(['young-1', 'young-2']);
    });

    it('sets aside the rows the publisher refuses, with the refusal, and tells of them once committed', async () => {
      await append(['e-1', 'big', 'e-2']);
      const publisher = new RecordingPublisher({ refuses: ['big'] });
      const setAside: string[] = [];

      const published = await new OutboxRelay(
        db.dataSource,
        publisher.publish,
        { minAgeMs: 1000 },
        undefined,
        (refused) => setAside.push(...refused.map((r) => r.record.eventId)),
      ).sweep();

      expect(published).toBe(2);
      expect(publisher.eventIds()).toEqual(['e-1', 'e-2']);
      expect(setAside).toEqual(['big']);
      expect(await remaining()).toEqual([]);
      const unpublishable = await db.dataSource.query(
        `SELECT event_id, topic, source_topic, source_partition, reason, error, value
         FROM outbox_unpublishable`,
      );
      expect(unpublishable).toEqual([
        {
          event_id: 'big',
          topic: 'test-output',
          source_topic: source.topic,
          source_partition: source.partition,
          reason: 'MESSAGE_TOO_LARGE',
          error: 'too large',
          value: record('big').value,
        },
      ]);
    });

    it('hands the publisher each record as it was appended', async () => {
      await append(['e-1']);
      const publisher = new RecordingPublisher();

      await new OutboxRelay(db.dataSource, publisher.publish, { minAgeMs: 1000 }).sweep();

      expect(publisher.batches[0][0]).toEqual({
        ...record('e-1'),
        id: expect.stringMatching(/^\d+$/),
      });
    });

    it('publishes nothing and returns 0 when every row is younger than minAgeMs', async () => {
      await append(['young-1', 'young-2'], () => false);
      const publisher = new RecordingPublisher();

      expect(
        await new OutboxRelay(db.dataSource, publisher.publish, { minAgeMs: 60_000 }).sweep(),
      ).toBe(0);
      expect(publisher.batches).toEqual([]);
      expect(await remaining()).toEqual(['young-1', 'young-2']);
    });

    it('takes at most batchSize rows per sweep, oldest first, when the backlog is larger', async () => {
      await append(ids(5));
      const publisher = new RecordingPublisher();
      const relay = new OutboxRelay(db.dataSource, publisher.publish, {
        minAgeMs: 1000,
        batchSize: 2,
      });

      const counts = [
        await relay.sweep(),
        await relay.sweep(),
        await relay.sweep(),
        await relay.sweep(),
      ];

      expect(counts).toEqual([2, 2, 1, 0]);
      expect(publisher.batches.map((batch) => batch.map((stored) => stored.eventId))).toEqual([
        ['e-00', 'e-01'],
        ['e-02', 'e-03'],
        ['e-04'],
      ]);
      expect(await remaining()).toEqual([]);
    });

    it('leaves the rows in place when the publisher throws, so a later sweep publishes them', async () => {
      await append(['e-1', 'e-2']);
      const failure = new Error('broker unreachable');
      const failing = new RecordingPublisher({ failure });

      await expect(
        new OutboxRelay(db.dataSource, failing.publish, { minAgeMs: 1000 }).sweep(),
      ).rejects.toBe(failure);
      expect(await remaining()).toEqual(['e-1', 'e-2']);

      const working = new RecordingPublisher();
      expect(
        await new OutboxRelay(db.dataSource, working.publish, { minAgeMs: 1000 }).sweep(),
      ).toBe(2);
      expect(working.eventIds()).toEqual(['e-1', 'e-2']);
    });

    it('never publishes a row twice, nor two pages at once, when two relays sweep concurrently', async () => {
      const all = ids(24);
      await append(all);
      const publishers = [
        new RecordingPublisher({ delayMs: 40 }),
        new RecordingPublisher({ delayMs: 40 }),
      ];
      const relays = publishers.map(
        (publisher) =>
          new OutboxRelay(db.dataSource, publisher.publish, { minAgeMs: 1000, batchSize: 3 }),
      );

      const deadline = Date.now() + 20_000;
      await Promise.all(
        relays.map(async (relay) => {
          while ((await remaining()).length > 0 && Date.now() < deadline) await relay.sweep();
        }),
      );

      const published = publishers.flatMap((publisher) => publisher.eventIds());
      expect([...published].sort()).toEqual(all);
      expect(new Set(published).size).toBe(all.length);
      expect(await remaining()).toEqual([]);
      // One relay at a time: pages never overlap in time, so rows leave in id order overall.
      const spans = publishers
        .flatMap((publisher) =>
          publisher.spans.map((span, i) => ({ span, ids: publisher.batches[i] })),
        )
        .sort((x, y) => x.span[0] - y.span[0]);
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i].span[0]).toBeGreaterThanOrEqual(spans[i - 1].span[1]);
      }
      expect(spans.flatMap((entry) => entry.ids.map((record) => record.eventId))).toEqual(all);
    });
  });

  describe('start and stop', () => {
    it('sweeps on its interval until stopped when started', async () => {
      await append(['e-1', 'e-2']);
      const publisher = new RecordingPublisher();
      const relay = new OutboxRelay(db.dataSource, publisher.publish, {
        minAgeMs: 1000,
        intervalMs: 20,
      });

      relay.start();
      relay.start(); // a second start is harmless
      await waitFor(remaining, (left) => left.length === 0, {
        timeoutMs: 10_000,
        what: 'the relay to empty the outbox',
      });
      await relay.stop();
      await append(['e-3']);
      await sleep(100);

      expect(publisher.eventIds()).toEqual(['e-1', 'e-2']);
      expect(await remaining()).toEqual(['e-3']);
    });

    it('reports a failed sweep to onError and keeps sweeping when the publisher throws', async () => {
      await append(['e-1']);
      const errors: unknown[] = [];
      const failure = new Error('broker unreachable');
      const relay = new OutboxRelay(
        db.dataSource,
        new RecordingPublisher({ failure }).publish,
        { minAgeMs: 1000, intervalMs: 20 },
        (error) => errors.push(error),
      );

      relay.start();
      await waitFor(
        async () => errors.length,
        (count) => count >= 2,
        { timeoutMs: 10_000, what: 'two failed sweeps' },
      );
      await relay.stop();

      expect(errors[0]).toBe(failure);
      expect(await remaining()).toEqual(['e-1']);
    });
  });
});
