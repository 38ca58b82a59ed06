import {
  createTestDatabase,
  LedgerFixture,
  OneClose,
  outboxRecord as record,
  TestDatabase,
  uniqueName,
} from '@app/testing';
import { OutboxSource } from '../outbox/outbox-record';
import { OutboxRepository } from '../outbox/outbox.repository';
import { RequestOutcome } from '../outcomes/request-outcome';
import { PartitionClose } from './batch-ledger';
import { PostgresBatchLedger } from './postgres-batch-ledger';

describe(`${PostgresBatchLedger.name} close`, () => {
  let db: TestDatabase;
  let fixture: LedgerFixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = new LedgerFixture(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  function freshSource(): OutboxSource {
    return { topic: uniqueName('test-topic'), partition: 3 };
  }

  const closeInTransaction = (
    groupId: string,
    partitions: readonly PartitionClose[],
    outcomes: readonly RequestOutcome[] = [],
  ) => fixture.closeInTransaction(groupId, partitions, outcomes);
  const closeOne = (close: OneClose) => fixture.closeOne(close);

  it('stores the outbox rows in order, advances the position and tells that no older row waits', async () => {
    const source = freshSource();
    const groupId = uniqueName('test-group');
    const records = ['e-1', 'e-2', 'e-3'].map((id) => record(id));

    const closed = await closeOne({
      groupId,
      source,
      records,
      outcomes: [],
      nextOffset: 17n,
    });

    expect(closed.olderPending).toBe(false);
    expect(closed.stored.map((row) => row.eventId)).toEqual(['e-1', 'e-2', 'e-3']);
    const rows: { id: string; event_id: string }[] = await db.dataSource.query(
      `SELECT id, event_id FROM outbox WHERE source_topic = $1 ORDER BY id`,
      [source.topic],
    );
    expect(rows.map((row) => [String(row.id), row.event_id])).toEqual(
      closed.stored.map((row) => [row.id, row.eventId]),
    );
    const stored = await new PostgresBatchLedger(db.dataSource, groupId).readPositions(
      source.topic,
      [source.partition],
    );
    expect(stored.get(source.partition)).toBe(17n);
  });

  it("tells that older rows wait when the partition's earlier rows were not published, and only then", async () => {
    const source = freshSource();
    const groupId = uniqueName('test-group');
    const other = { ...source, partition: 4 };
    await closeOne({
      groupId,
      source: other,
      records: [record('o-1')],
      outcomes: [],
      nextOffset: 1n,
    });
    const first = await closeOne({
      groupId,
      source,
      records: [record('a-1')],
      outcomes: [],
      nextOffset: 1n,
    });
    const second = await closeOne({
      groupId,
      source,
      records: [record('a-2')],
      outcomes: [],
      nextOffset: 2n,
    });
    const empty = await closeOne({
      groupId,
      source,
      records: [],
      outcomes: [],
      nextOffset: 3n,
    });

    expect(first.olderPending).toBe(false);
    expect(second.olderPending).toBe(true);
    expect(empty).toEqual({ source, stored: [], olderPending: true });
  });

  it("holds a row behind an older row of its key written from another partition, and only behind its key's", async () => {
    const groupId = uniqueName('test-group');
    const key = uniqueName('shipment');
    const [created, addressed, unrelated] = [freshSource(), freshSource(), freshSource()];
    const close = (source: OutboxSource, eventId: string, rowKey: string) =>
      closeOne({
        groupId,
        source,
        records: [record(eventId, rowKey)],
        outcomes: [],
        nextOffset: 1n,
      });
    const outbox = new OutboxRepository(db.dataSource);

    const older = await close(created, 'created-1', key);
    const newer = await close(addressed, 'addressed-2', key);
    const other = await close(unrelated, 'other-1', uniqueName('shipment'));

    expect([older.olderPending, newer.olderPending, other.olderPending]).toEqual([
      false,
      true,
      false,
    ]);
    // Its partition's flush leaves the newer row while the older one waits, then hands it out.
    expect(await outbox.pendingFrom(addressed, 10)).toEqual([]);
    await outbox.remove(older.stored.map((row) => row.id));
    expect((await outbox.pendingFrom(addressed, 10)).map((row) => row.eventId)).toEqual([
      'addressed-2',
    ]);
  });

  it('closes several partitions in one statement: rows attributed in order, each position and pending flag its own', async () => {
    const groupId = uniqueName('test-group');
    const topic = uniqueName('test-topic');
    const [p0, p1, p2] = [0, 1, 2].map((partition) => ({ topic, partition }));
    await closeOne({
      groupId,
      source: p1,
      records: [record('old-1')],
      outcomes: [],
      nextOffset: 4n,
    });

    const closed = await closeInTransaction(groupId, [
      { source: p0, records: [record('a-1'), record('a-2')], nextOffset: 10n },
      { source: p1, records: [record('b-1')], nextOffset: 5n },
      { source: p2, records: [], nextOffset: 30n },
    ]);

    expect(closed.map((c) => [c.source.partition, c.olderPending])).toEqual([
      [0, false],
      [1, true],
      [2, false],
    ]);
    const rows: { id: string; event_id: string; source_partition: number }[] =
      await db.dataSource.query(
        `SELECT id, event_id, source_partition FROM outbox WHERE source_topic = $1 ORDER BY id`,
        [topic],
      );
    const stored = closed.flatMap((c) =>
      c.stored.map((row) => [row.id, row.eventId, c.source.partition]),
    );
    expect(
      rows.slice(1).map((row) => [String(row.id), row.event_id, row.source_partition]),
    ).toEqual(stored);
    expect(stored.map(([, eventId]) => eventId)).toEqual(['a-1', 'a-2', 'b-1']);
    expect(
      await new PostgresBatchLedger(db.dataSource, groupId).readPositions(topic, [0, 1, 2]),
    ).toEqual(
      new Map([
        [0, 10n],
        [1, 5n],
        [2, 30n],
      ]),
    );
  });
});
