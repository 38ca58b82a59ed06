import {
  createTestDatabase,
  LedgerFixture,
  OneClose,
  outboxRecord as record,
  stackConfig,
  TestDatabase,
  uniqueName,
} from '@app/testing';
import { Client, Notification } from 'pg';
import { OutboxSource } from '../outbox/outbox-record';
import { RequestOutcome } from '../outcomes/request-outcome';
import {
  parseOutcomeAnnouncement,
  REQUEST_OUTCOME_CHANNEL,
  RequestOutcomeRepository,
} from '../outcomes/request-outcome.repository';
import { PostgresBatchLedger } from './postgres-batch-ledger';

describe(`${PostgresBatchLedger.name} outcomes`, () => {
  let db: TestDatabase;
  let outcomes: RequestOutcomeRepository;
  let fixture: LedgerFixture;
  let listener: Client;
  const announced: Notification[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    outcomes = new RequestOutcomeRepository(db.dataSource);
    fixture = new LedgerFixture(db.dataSource);
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

  const closeOne = (close: OneClose) => fixture.closeOne(close);

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
    const ledger = new PostgresBatchLedger(db.dataSource, uniqueName('test-group'));
    const failing = ledger.transaction(async (tx) => {
      await ledger.close(tx, {
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
