import { CloudEventHeaders, DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { KafkaWorkerTransport } from '@app/kafka';
import { kcatReadAll, waitFor } from '@app/testing';
import { createHash } from 'node:crypto';
import { LedgerHarness } from './ledger-harness';

/** A value the broker takes (its default limit is 1 MiB a batch) but whose dead letter, headers added, it would not. */
const NEAR_LIMIT_BYTES = 1_048_150;
/** A memo that makes an emitted event larger than any the broker takes. */
const OVER_LIMIT_MEMO = 1_100_000;

/**
 * A record the broker can never take (too large, invalid) must cost only itself: a dead letter
 * too large to carry its original is cut to fit with what identifies it, an emitted event the
 * broker refuses is set aside, and every partition goes on publishing and applying.
 */
describe('Records the broker refuses for good (real Kafka and PostgreSQL)', () => {
  describe('an input record near the broker limit', () => {
    const ledger = new LedgerHarness(4);
    beforeAll(() => ledger.setUp());
    afterAll(() => ledger.tearDown());

    it('is dead-lettered cut to fit, with its size and digest, and every partition applies the events after it', async () => {
      await ledger.startWorker({ handler: 'single' });
      const garbage = Buffer.alloc(NEAR_LIMIT_BYTES, 'g');
      await ledger.sendRecords([
        {
          topic: ledger.inputTopic,
          key: 'big',
          value: garbage,
          headers: { [CloudEventHeaders.id]: 'big-1', 'x-note': 'kept' },
        },
      ]);
      const accounts = ['big', ...Array.from({ length: 16 }, (_, i) => `after-${i}`)];
      await ledger.send(accounts.map((account) => ({ account, seq: 1, amount: 5 })));

      const applied = await waitFor(
        () => ledger.accounts(),
        (rows) => rows.filter((row) => row.applied === 1).length === accounts.length,
        { what: `the ${accounts.length} deposits sent after the large record applied` },
      );
      expect(new Set(applied.map((row) => row.account))).toEqual(new Set(accounts));

      const [dead] = await waitFor(
        () => kcatReadAll(deadLetterTopicOf(ledger.inputTopic)),
        (records) => records.length >= 1,
        { what: 'the dead letter of the large record' },
      );
      expect(dead.key).toBe('big');
      expect(dead.headers).toMatchObject({
        [DeadLetterHeaders.errorCode]: 'missing-header',
        [DeadLetterHeaders.originalTopic]: ledger.inputTopic,
        [DeadLetterHeaders.valueTruncated]: 'true',
        [DeadLetterHeaders.valueSize]: String(NEAR_LIMIT_BYTES),
        [DeadLetterHeaders.valueSha256]: createHash('sha256').update(garbage).digest('hex'),
        [CloudEventHeaders.id]: 'big-1',
        'x-note': 'kept',
      });
      expect(dead.headers[DeadLetterHeaders.originalOffset]).toMatch(/^\d+$/);
      expect(dead.payload?.length).toBeGreaterThan(800_000);
      expect(garbage.toString().startsWith(dead.payload ?? '-')).toBe(true);
      expect(await ledger.outboxBacklog()).toBe(0);
    });
  });

  describe('an emitted event larger than the broker takes', () => {
    const ledger = new LedgerHarness(2);
    beforeAll(() => ledger.setUp());
    afterAll(() => ledger.tearDown());

    it('is set aside with the refusal, and its partition publishes and applies the events after it in order', async () => {
      await ledger.startWorker({ handler: 'single' });

      await ledger.send([
        { account: 'acc', seq: 1, amount: 1 },
        { account: 'acc', seq: 2, amount: 2, memoLength: OVER_LIMIT_MEMO },
        { account: 'acc', seq: 3, amount: 3 },
        { account: 'other', seq: 1, amount: 4 },
      ]);

      const accounts = await waitFor(
        () => ledger.accounts(),
        (rows) => rows.find((row) => row.account === 'acc')?.applied === 3,
        { what: 'the three deposits of acc applied' },
      );
      expect(accounts.find((row) => row.account === 'acc')).toMatchObject({
        balance: 6,
        order_violations: 0,
      });
      const published = await waitFor(
        () => kcatReadAll(ledger.outputTopic),
        (records) => records.length >= 3,
        { what: 'the three publishable deposited events' },
      );
      const seqsOfAcc = published
        .filter((record) => record.key === 'acc')
        .map((record) => (JSON.parse(record.payload ?? '{}') as { seq: number }).seq);
      expect(seqsOfAcc).toEqual([1, 3]);

      const setAside: { topic: string; reason: string; size: number; source_topic: string }[] =
        await ledger.db.dataSource.query(
          `SELECT topic, reason, length(value) AS size, source_topic FROM outbox_unpublishable`,
        );
      expect(setAside).toEqual([
        {
          topic: ledger.outputTopic,
          reason: 'MESSAGE_TOO_LARGE',
          size: expect.any(Number),
          source_topic: ledger.inputTopic,
        },
      ]);
      expect(setAside[0].size).toBeGreaterThan(OVER_LIMIT_MEMO);
      expect(await ledger.outboxBacklog()).toBe(0);
    });
  });

  describe('an outbox row left unpublished past the threshold', () => {
    const ledger = new LedgerHarness(1);
    beforeAll(() => ledger.setUp());
    afterAll(() => ledger.tearDown());

    it('makes the worker not ready once it waits past the threshold, and ready again once it is gone', async () => {
      const app = await ledger.startWorker({
        handler: 'single',
        // The relay leaves rows under an hour old alone: nothing publishes the row below.
        worker: {
          outboxStuckAfterMs: 1_000,
          outboxCheckIntervalMs: 100,
          relay: { minAgeMs: 3_600_000 },
        },
      });
      const transport = app.get(KafkaWorkerTransport);
      await ledger.send([{ account: 'acc', seq: 1, amount: 1 }]);
      await waitFor(
        async () => transport.health.isReady(),
        (ready) => ready,
        {
          what: 'the worker ready',
        },
      );
      await waitFor(
        () => ledger.accounts(),
        (rows) => rows[0]?.applied === 1,
        { what: 'the deposit applied (its batch published)' },
      );

      // As a publication failing for a reason taken as transient leaves it: in place, aging.
      await ledger.db.dataSource.query(
        `INSERT INTO outbox (event_id, topic, key, value, headers, source_topic, source_partition, created_at)
         VALUES ('stuck-1', $1, 'k', 'v', '{}', $2, 0, now() - interval '1 minute')`,
        [ledger.outputTopic, ledger.inputTopic],
      );
      const stuck = await waitFor(
        async () => transport.health.snapshot(),
        (snapshot) => snapshot.stuckOutbox !== undefined,
        { what: 'the stuck outbox row noticed' },
      );
      expect(stuck.stuckOutbox).toContain('stuck-1');
      expect(stuck.outboxOldestAgeSeconds).toBeGreaterThan(1);
      expect(transport.health.isReady()).toBe(false);

      await ledger.db.dataSource.query(`DELETE FROM outbox WHERE event_id = 'stuck-1'`);
      await waitFor(
        async () => transport.health.isReady(),
        (ready) => ready,
        {
          what: 'the worker ready again',
        },
      );
    });
  });
});
