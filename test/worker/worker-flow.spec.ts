import { CloudEventHeaders, DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { kcatProduce, kcatReadAll, waitFor } from '@app/testing';
import { interceptedEventIds } from '../fixtures/ledger/recording.interceptor';
import { CONTRACT_CLIENTS } from './contract-clients';
import { Deposit, LedgerHarness } from './ledger-harness';

/** Each client with each kind of handler. */
const CASES = CONTRACT_CLIENTS.flatMap((client) =>
  (['single', 'batch'] as const).map((handler) => [client[0], handler, client] as const),
);

describe.each(CASES)(
  'KafkaWorkerTransport on %s with %s-event handlers (real Kafka and PostgreSQL)',
  (_name, handler, client) => {
    const ledger = new LedgerHarness(4, client);

    beforeAll(() => ledger.setUp());
    afterAll(() => ledger.tearDown());

    it('materializes every event once, in per-key order, and publishes the outputs with CloudEvents headers', async () => {
      await ledger.startWorker({ handler });
      const deposits: Deposit[] = [];
      for (let seq = 1; seq <= 25; seq++) {
        for (let a = 0; a < 8; a++) {
          deposits.push({ account: `acc-${a}`, seq, amount: a + seq, trackingId: `t-${a}-${seq}` });
        }
      }
      await ledger.send(deposits);

      const applied = await waitFor(
        () => ledger.applications(),
        (n) => n.total >= 200,
        { what: '200 deposits' },
      );
      expect(applied).toEqual({ total: 200, distinct: 200 });
      const accounts = await ledger.accounts();
      expect(accounts).toHaveLength(8);
      for (const account of accounts) {
        const a = Number(account.account.slice(4));
        expect(account).toMatchObject({
          applied: 25,
          last_seq: 25,
          order_violations: 0,
          balance: 25 * a + 325,
        });
      }
      const outcome = await ledger.db.dataSource.query(
        `SELECT status, result FROM request_outcomes WHERE tracking_id = 't-3-25'`,
      );
      expect(outcome).toEqual([{ status: 'accepted', result: { balance: 25 * 3 + 325 } }]);

      await waitFor(
        () => ledger.outboxBacklog(),
        (n) => n === 0,
        { what: 'an empty outbox' },
      );
      const published = await kcatReadAll(ledger.outputTopic);
      expect(published).toHaveLength(200);
      const last = published.find((r) => r.headers[CloudEventHeaders.trackingId] === 't-3-25');
      expect(last?.headers).toMatchObject({
        [CloudEventHeaders.type]: 'ledger.deposited',
        [CloudEventHeaders.specVersion]: '1.0',
        [CloudEventHeaders.contentType]: 'application/json',
      });
      expect(JSON.parse(last?.payload ?? '{}')).toEqual({
        account: 'acc-3',
        seq: 25,
        balance: 400,
      });
      expect(new Set(published.map((r) => r.headers[CloudEventHeaders.id])).size).toBe(200);
      // Nest interceptors wrap the handlers like any @EventPattern's.
      expect(new Set(interceptedEventIds).size).toBeGreaterThanOrEqual(200);
    });

    it('dead-letters bad events written by kcat with their reason, and goes on with the rest of the partition', async () => {
      const topic = ledger.inputTopic;
      const base = {
        [CloudEventHeaders.specVersion]: '1.0',
        [CloudEventHeaders.id]: 'bad-1',
        [CloudEventHeaders.source]: 'kcat',
        [CloudEventHeaders.type]: 'ledger.deposit',
        [CloudEventHeaders.time]: new Date().toISOString(),
        [CloudEventHeaders.contentType]: 'application/json',
      };
      const good = (seq: number) => JSON.stringify({ account: 'kcat', seq, amount: 10 });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: good(1),
        headers: { ...base, [CloudEventHeaders.id]: 'k1' },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: Buffer.from([0xff, 0x00, 0x13]),
        headers: {
          ...base,
          [CloudEventHeaders.id]: 'garbage',
          [CloudEventHeaders.trackingId]: 'bad-garbage',
        },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: good(2),
        headers: { [CloudEventHeaders.type]: 'ledger.deposit' },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: good(2),
        headers: {
          ...base,
          [CloudEventHeaders.id]: 'unknown',
          [CloudEventHeaders.type]: 'ledger.withdraw',
        },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: JSON.stringify({ account: 'kcat', seq: -1 }),
        headers: { ...base, [CloudEventHeaders.id]: 'invalid' },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: JSON.stringify({ account: 'kcat', seq: 2, amount: 5, reject: true }),
        headers: {
          ...base,
          [CloudEventHeaders.id]: 'refused',
          [CloudEventHeaders.trackingId]: 'bad-refused',
        },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: JSON.stringify({ account: 'kcat', seq: 2, amount: 5, explode: true }),
        headers: { ...base, [CloudEventHeaders.id]: 'poison' },
      });
      await kcatProduce(topic, {
        key: 'kcat',
        partition: 0,
        value: good(2),
        headers: { ...base, [CloudEventHeaders.id]: 'k2' },
      });

      const account = await waitFor(
        async () => (await ledger.accounts()).find((a) => a.account === 'kcat'),
        (a) => a?.applied === 2,
        { what: 'both good kcat deposits applied' },
      );
      expect(account).toMatchObject({ balance: 20, last_seq: 2, order_violations: 0 });

      const dlq = await waitFor(
        () => kcatReadAll(deadLetterTopicOf(topic)),
        (r) => r.length >= 6,
        { what: '6 dead letters' },
      );
      const codes = dlq.map((r) => r.headers[DeadLetterHeaders.errorCode]);
      expect(codes).toEqual([
        'malformed-event',
        'missing-header',
        'unknown-event-type',
        'schema-violation',
        'deposit-refused',
        'handler-failed',
      ]);
      for (const record of dlq) {
        expect(record.headers).toMatchObject({
          [DeadLetterHeaders.originalTopic]: topic,
          [DeadLetterHeaders.originalPartition]: '0',
          [DeadLetterHeaders.consumerGroup]: ledger.groupId,
        });
      }
      expect(dlq[5].headers[DeadLetterHeaders.attempts]).toBe('3');
      expect(dlq[5].headers[DeadLetterHeaders.errorMessage]).toContain('Handler exploded');

      const outcomes = await ledger.db.dataSource.query(
        `SELECT tracking_id, status, reason_code FROM request_outcomes WHERE tracking_id LIKE 'bad-%' ORDER BY tracking_id`,
      );
      expect(outcomes).toEqual([
        { tracking_id: 'bad-garbage', status: 'rejected', reason_code: 'malformed-event' },
        { tracking_id: 'bad-refused', status: 'rejected', reason_code: 'deposit-refused' },
      ]);
      const rejections = (await kcatReadAll(ledger.outputTopic)).filter(
        (r) => r.headers[CloudEventHeaders.type] === 'ledger.request-rejected',
      );
      expect(rejections.map((r) => r.headers[CloudEventHeaders.trackingId]).sort()).toEqual([
        'bad-garbage',
        'bad-refused',
      ]);
    });
  },
);
