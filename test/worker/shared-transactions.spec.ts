import { CloudEventHeaders, DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { kcatReadAll, waitFor } from '@app/testing';
import { Deposit, LedgerHarness } from './ledger-harness';

/** `count` deposits of each of `accounts` accounts, in per-account sequence. */
function deposits(accounts: number, count: number, prefix: string): Deposit[] {
  const all: Deposit[] = [];
  for (let seq = 1; seq <= count; seq++) {
    for (let a = 0; a < accounts; a++) {
      all.push({ account: `${prefix}-${a}`, seq, amount: 1, trackingId: `${prefix}-${a}-${seq}` });
    }
  }
  return all;
}

describe.each(['single', 'batch'] as const)(
  'batches of several partitions in one transaction, with %s-event handlers (real Kafka and PostgreSQL)',
  (handler) => {
    const ledger = new LedgerHarness(4);

    beforeAll(() => ledger.setUp());
    afterAll(() => ledger.tearDown());

    /** Provisions the topics with a first worker, stops it, then leaves a backlog for the next. */
    async function backlogOf(sent: readonly Deposit[]): Promise<void> {
      const first = await ledger.startWorker({ handler });
      await first.close();
      await ledger.send(sent);
    }

    it('applies the batches one fetch hands out in a shared transaction, each partition exactly once', async () => {
      const sent = deposits(16, 10, 'shared');
      await backlogOf(sent);

      await ledger.startWorker({ handler });

      const applied = await waitFor(
        () => ledger.applications(),
        (n) => n.total >= sent.length,
        { what: `${sent.length} deposits` },
      );
      expect(applied).toEqual({ total: sent.length, distinct: sent.length });
      for (const account of await ledger.accounts()) {
        expect(account).toMatchObject({
          applied: 10,
          last_seq: 10,
          order_violations: 0,
          balance: 10,
        });
      }
      // Rows written by one transaction carry its id: the four partitions moved in fewer transactions.
      const [{ transactions, partitions }]: { transactions: string; partitions: string }[] =
        await ledger.db.dataSource.query(
          `SELECT count(DISTINCT xmin::text) AS transactions, count(*) AS partitions
             FROM consumer_offsets WHERE group_id = $1 AND next_offset >= 0`,
          [ledger.groupId],
        );
      expect(Number(partitions)).toBe(4);
      expect(Number(transactions)).toBeLessThan(4);
      await waitFor(
        () => ledger.outboxBacklog(),
        (n) => n === 0,
        { what: 'an empty outbox' },
      );
      const published = await kcatReadAll(ledger.outputTopic);
      expect(published).toHaveLength(sent.length);
      expect(new Set(published.map((r) => r.headers[CloudEventHeaders.trackingId])).size).toBe(
        sent.length,
      );
    });

    it('runs each batch alone when a shared transaction fails: a poison event is dead-lettered, every other event applied once', async () => {
      const sent = deposits(16, 5, 'poison');
      const third = sent.findIndex((d) => d.account === 'poison-5' && d.seq === 3);
      sent.splice(third, 0, { account: 'poison-5', seq: 3, amount: 1, explode: true });
      await backlogOf(sent);

      await ledger.startWorker({ handler });

      const applied = await waitFor(
        async () => (await ledger.accounts()).filter((a) => a.account.startsWith('poison-')),
        (accounts) => accounts.reduce((sum, a) => sum + a.applied, 0) >= sent.length - 1,
        { what: `${sent.length - 1} deposits` },
      );
      expect(applied).toHaveLength(16);
      for (const account of applied) {
        expect(account).toMatchObject({ applied: 5, last_seq: 5, order_violations: 0, balance: 5 });
      }
      const dlq = await waitFor(
        () => kcatReadAll(deadLetterTopicOf(ledger.inputTopic)),
        (records) => records.length >= 1,
        { what: 'the poison event dead-lettered' },
      );
      expect(dlq).toHaveLength(1);
      expect(dlq[0].headers).toMatchObject({
        [DeadLetterHeaders.errorCode]: 'handler-failed',
        [DeadLetterHeaders.attempts]: '3',
      });
      expect(JSON.parse(dlq[0].payload ?? '{}')).toMatchObject({ account: 'poison-5', seq: 3 });
      const { total, distinct } = await ledger.applications();
      expect(total).toBe(distinct);
    });
  },
);
