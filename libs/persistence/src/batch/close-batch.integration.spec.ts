import { createTestDatabase, stackConfig, TestDatabase, uniqueName } from '@app/testing';
import { Client, Notification } from 'pg';
import { OutboxRecord, OutboxSource } from '../outbox/outbox-record';
import { RequestOutcome } from '../outcomes/request-outcome';
import {
  parseOutcomeAnnouncement,
  REQUEST_OUTCOME_CHANNEL,
  RequestOutcomeRepository,
} from '../outcomes/request-outcome.repository';
import { PartitionPositionStore } from '../positions/partition-position.store';
import { closeBatch, ClosedPartition, PartitionClose } from './close-batch';

function record(eventId: string): OutboxRecord {
  return {
    eventId,
    topic: 'customers.events',
    key: 'k',
    value: Buffer.from(`{"id":"${eventId}"}`),
    headers: { ce_id: eventId },
  };
}

describe(closeBatch.name, () => {
  let db: TestDatabase;
  let positions: PartitionPositionStore;
  let outcomes: RequestOutcomeRepository;
  let listener: Client;
  const announced: Notification[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    positions = new PartitionPositionStore(db.dataSource);
    outcomes = new RequestOutcomeRepository(db.dataSource);
    listener = new Client({ connectionString: stackConfig().databaseUrl });
    await listener.connect();
    listener.on('notification', (message) => announced.push(message));
    await listener.query(`LISTEN ${REQUEST_OUTCOME_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await db?.drop();
  });

  function freshSource(): OutboxSource {
    return { topic: uniqueName('test-topic'), partition: 3 };
  }

  /** One partition's close, with the outcomes of its batch. */
  interface OneClose extends PartitionClose {
    readonly groupId: string;
    readonly outcomes: readonly RequestOutcome[];
  }

  /** Locks the partitions' positions, as a batch transaction does, then closes the batch. */
  function closeInTransaction(
    groupId: string,
    partitions: readonly PartitionClose[],
    outcomes: readonly RequestOutcome[] = [],
  ): Promise<ClosedPartition[]> {
    return db.dataSource.transaction(async (manager) => {
      await positions.lockAll(
        manager,
        groupId,
        partitions.map((p) => p.source),
      );
      return closeBatch(manager, { groupId, partitions, outcomes });
    });
  }

  /** Closes the batch of one partition in its own transaction. */
  async function closeOne({ groupId, outcomes, ...partition }: OneClose): Promise<ClosedPartition> {
    const [closed] = await closeInTransaction(groupId, [partition], outcomes);
    return closed;
  }

  /** Waits until the listener got an announcement for `trackingId`. */
  async function announcementOf(trackingId: string, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = announced
        .map((message) => parseOutcomeAnnouncement(message.payload ?? ''))
        .find((announcement) => announcement?.trackingId === trackingId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No announcement for ${trackingId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('stores the outbox rows in order, advances the position and tells that no older row waits', async () => {
    const source = freshSource();
    const groupId = uniqueName('test-group');
    const records = ['e-1', 'e-2', 'e-3'].map(record);

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
    const stored = await positions.read(groupId, source.topic, [source.partition]);
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
    expect(await positions.read(groupId, topic, [0, 1, 2])).toEqual(
      new Map([
        [0, 10n],
        [1, 5n],
        [2, 30n],
      ]),
    );
  });

  it('records outcomes and announces each one, outcome included, when the transaction commits', async () => {
    const trackingId = uniqueName('track');
    const outcome: RequestOutcome = {
      trackingId,
      status: 'accepted',
      eventType: 'customers.create',
      result: { customerId: 'c-1', name: 'Ada' },
    };

    await closeOne({
      groupId: uniqueName('test-group'),
      source: freshSource(),
      records: [],
      outcomes: [outcome],
      nextOffset: 1n,
    });

    const announcement = await announcementOf(trackingId);
    expect(announcement.outcome?.()).toEqual(await outcomes.find(trackingId));
    expect(announcement.outcome?.()).toMatchObject(outcome);
  });

  it('announces only the tracking id of an outcome too big for a notification', async () => {
    const trackingId = uniqueName('track');
    const rejected: RequestOutcome = {
      trackingId,
      status: 'rejected',
      reasonCode: 'too_long',
      reason: 'x'.repeat(9_000),
    };

    await closeOne({
      groupId: uniqueName('test-group'),
      source: freshSource(),
      records: [],
      outcomes: [rejected],
      nextOffset: 1n,
    });

    const announcement = await announcementOf(trackingId);
    expect(announcement.outcome).toBeUndefined();
    expect(await outcomes.find(trackingId)).toMatchObject(rejected);
  });

  it('writes and announces nothing when the transaction rolls back', async () => {
    const source = freshSource();
    const trackingId = uniqueName('track');
    const failing = db.dataSource.transaction(async (manager) => {
      await closeBatch(manager, {
        groupId: uniqueName('test-group'),
        partitions: [{ source, records: [record('r-1')], nextOffset: 1n }],
        outcomes: [{ trackingId, status: 'accepted' }],
      });
      throw new Error('handler failed after the close');
    });

    await expect(failing).rejects.toThrow('handler failed after the close');
    // A later announcement proves the listener is caught up past the rolled-back one.
    const later = uniqueName('track');
    await closeOne({
      groupId: uniqueName('test-group'),
      source: freshSource(),
      records: [],
      outcomes: [{ trackingId: later, status: 'accepted' }],
      nextOffset: 1n,
    });
    await announcementOf(later);
    await expect(announcementOf(trackingId, 0)).rejects.toThrow('No announcement');
    expect(await outcomes.find(trackingId)).toBeNull();
    const [row] = await db.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM outbox WHERE source_topic = $1`,
      [source.topic],
    );
    expect(Number(row.n)).toBe(0);
  });
});
