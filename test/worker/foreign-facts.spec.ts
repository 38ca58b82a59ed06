import {
  CloudEventHeaders,
  DeadLetterHeaders,
  deadLetterTopicOf,
  groupDeadLetterTopicOf,
} from '@app/events';
import { BrokerAdmin, HandledOutcome, kafkajsAdmin, silentObserver } from '@app/kafka';
import { REQUEST_OUTCOME_CHANNEL } from '@app/persistence';
import {
  kcatPartitionCount,
  kcatProduce,
  kcatReadAll,
  stackConfig,
  uniqueName,
  waitFor,
} from '@app/testing';
import { Client } from 'pg';
import { LedgerWorkerConfig } from '../fixtures/ledger/ledger-worker.module';
import { Deposit, LedgerHarness } from './ledger-harness';
import { WorkerProcess } from './worker-process';

/** The partitions the owner gives its topic: the reader must keep them. */
const OWNER_PARTITIONS = 2;

/**
 * A ledger worker that reads, besides its own requests, the facts another service publishes on
 * `factsTopic`: deposits the owner made, which the worker applies to its view as facts.
 */
class FactsReader {
  readonly ledger = new LedgerHarness(4);
  readonly factsTopic = uniqueName('test-owner-facts');
  readonly seen: { type: string; outcome: HandledOutcome }[] = [];
  private admin?: BrokerAdmin;

  /** The worker's configuration: its own input as requests, the owner's topic as facts. */
  config(): LedgerWorkerConfig {
    const { ledger } = this;
    return ledger.workerConfig({
      subscriptions: [{ topic: ledger.inputTopic }, { topic: this.factsTopic, kind: 'facts' }],
    });
  }

  /** Creates the owner's topic, as the owning service's own worker would. */
  async createOwnersTopic(): Promise<void> {
    this.admin ??= kafkajsAdmin({ clientId: 'test-owner', brokers: this.ledger.brokers });
    await this.admin.ensureTopics([{ topic: this.factsTopic, partitions: OWNER_PARTITIONS }]);
  }

  async start(): Promise<void> {
    await this.ledger.startWorker({
      ...this.config(),
      observer: {
        ...silentObserver,
        recordEvent: (topic, type, outcome) => {
          if (topic === this.factsTopic) this.seen.push({ type, outcome });
        },
      },
    });
  }

  /** Publishes deposits as the owner's facts. */
  async publishFacts(deposits: readonly Deposit[]): Promise<void> {
    await this.ledger.sendRecords(
      deposits.map((d) => ({ ...this.ledger.depositRecord(d), topic: this.factsTopic })),
    );
  }

  async account(name: string): Promise<{ balance: number; applied: number } | undefined> {
    return (await this.ledger.accounts()).find((a) => a.account === name);
  }

  async outcomes(): Promise<{ tracking_id: string; result: unknown }[]> {
    return this.ledger.db.dataSource.query(
      `SELECT tracking_id, result FROM request_outcomes ORDER BY tracking_id`,
    );
  }

  async missingTopics(topics: string[]): Promise<string[]> {
    this.admin ??= kafkajsAdmin({ clientId: 'test-owner', brokers: this.ledger.brokers });
    return this.admin.missingTopics(topics);
  }

  async tearDown(): Promise<void> {
    await this.admin?.close();
    await this.ledger.tearDown();
  }
}

/** A reader whose owner's topic exists, started before the tests of the enclosing block. */
function runningReader(): FactsReader {
  const reader = new FactsReader();
  beforeAll(async () => {
    await reader.ledger.setUp();
    await reader.createOwnersTopic();
    await reader.start();
  });
  afterAll(() => reader.tearDown());
  return reader;
}

describe("A worker reading another service's facts (real Kafka and PostgreSQL)", () => {
  describe("the owner's topic", () => {
    const reader = new FactsReader();
    beforeAll(() => reader.ledger.setUp());
    afterAll(() => reader.tearDown());

    it("waits for the owner's topic, saying so once, never creates it, and consumes once the owner has", async () => {
      const worker = WorkerProcess.start(reader.config());
      try {
        await worker.ready;
        await waitFor(
          () => Promise.resolve(worker.output),
          (output) =>
            output.includes(`reads facts from ${reader.factsTopic}, which does not exist yet`),
          { what: 'the warning naming the missing topic' },
        );
        await new Promise((resolve) => setTimeout(resolve, 3_000)); // a poll or two later
        expect(await reader.missingTopics([reader.factsTopic])).toEqual([reader.factsTopic]);
        expect(worker.output.split('which does not exist yet').length - 1).toBe(1);

        await reader.createOwnersTopic();
        await reader.publishFacts([
          { account: 'owner-made', seq: 1, amount: 5, trackingId: 'owner-1' },
        ]);
        const account = await waitFor(
          () => reader.account('owner-made'),
          (found) => found !== undefined,
          { what: "the owner's fact applied" },
        );
        expect(account?.balance).toBe(5);
        expect(await kcatPartitionCount(reader.factsTopic)).toBe(OWNER_PARTITIONS);
      } finally {
        worker.signal('SIGTERM'); // Nest re-raises the signal once it has closed
        expect(await worker.exited).toEqual({ code: null, signal: 'SIGTERM' });
      }
    });

    it('keeps the partition count the owner gave it when the worker provisions its own topics', async () => {
      await reader.createOwnersTopic();
      await reader.start();

      expect(await kcatPartitionCount(reader.factsTopic)).toBe(OWNER_PARTITIONS);
    });
  });

  describe('tracking ids on facts', () => {
    const reader = runningReader();
    // Tracking ids of this test alone: the NOTIFY channel is shared by every schema.
    const shared1 = uniqueName('shared');
    const shared2 = uniqueName('shared');
    const announced: string[] = [];
    const listener = new Client({ connectionString: stackConfig().databaseUrl });
    beforeAll(async () => {
      await listener.connect();
      listener.on('notification', (n) => announced.push(n.payload?.split(' ')[0] ?? ''));
      await listener.query(`LISTEN ${REQUEST_OUTCOME_CHANNEL}`);
    });
    afterAll(() => listener.end());
    const announcedOf = (id: string) => announced.filter((a) => a === id).length;

    it("applies a fact whose tracking id the worker's own request carries too, and neither records nor announces an outcome for it", async () => {
      await reader.ledger.send([{ account: 'own', seq: 1, amount: 5, trackingId: shared1 }]);
      await waitFor(
        () => reader.outcomes(),
        (rows) => rows.length === 1,
        { what: 'an outcome' },
      );
      await waitFor(
        async () => announcedOf(shared1),
        (n) => n === 1,
        { what: "the own request's announcement" },
      );
      await reader.publishFacts([
        { account: 'fact', seq: 1, amount: 7, trackingId: shared1 },
        { account: 'fact', seq: 2, amount: 11, trackingId: shared2 },
      ]);

      const fact = await waitFor(
        () => reader.account('fact'),
        (a) => a?.applied === 2,
        { what: 'both facts applied' },
      );
      expect(fact).toMatchObject({ balance: 18, applied: 2 });
      expect(await reader.outcomes()).toEqual([{ tracking_id: shared1, result: { balance: 5 } }]);
      expect([announcedOf(shared1), announcedOf(shared2)]).toEqual([1, 0]);
    });

    it("runs and announces the worker's own request whose tracking id a fact carried before", async () => {
      await reader.ledger.send([{ account: 'own', seq: 2, amount: 3, trackingId: shared2 }]);

      const outcomes = await waitFor(
        () => reader.outcomes(),
        (rows) => rows.length === 2,
        { what: "the own request's outcome" },
      );
      expect(outcomes).toHaveLength(2);
      expect(outcomes).toEqual(
        expect.arrayContaining([
          { tracking_id: shared1, result: { balance: 5 } },
          { tracking_id: shared2, result: { balance: 8 } },
        ]),
      );
      await waitFor(
        async () => announcedOf(shared2),
        (n) => n === 1,
        { what: 'the announcement' },
      );
    });
  });

  describe('types no handler takes, and poison', () => {
    const reader = runningReader();

    it('skips and counts a fact type the worker does not know, and goes on', async () => {
      await kcatProduce(reader.factsTopic, {
        key: 'k',
        partition: 0,
        value: JSON.stringify({ account: 'k', rate: 3 }),
        headers: headersOf('ledger.interest-paid', 'added-later-1'),
      });
      await kcatProduce(reader.factsTopic, {
        key: 'k',
        partition: 0,
        value: JSON.stringify({ account: 'k', seq: 1, amount: 4 }),
        headers: headersOf('ledger.deposit', 'deposit-after-it'),
      });

      await waitFor(
        () => reader.account('k'),
        (a) => a?.applied === 1,
        { what: 'the deposit' },
      );
      // Outcomes are reported after publication, which follows the commit the view shows.
      await waitFor(
        async () => reader.seen.length,
        (n) => n >= 2,
        { what: 'both outcomes reported' },
      );
      expect(reader.seen).toEqual([
        { type: 'ledger.interest-paid', outcome: 'unhandled' },
        { type: 'ledger.deposit', outcome: 'applied' },
      ]);
      await waitFor(
        () => reader.ledger.outboxBacklog(),
        (n) => n === 0,
        { what: 'no backlog' },
      );
      expect(await reader.missingTopics([deadLetterTopicOf(reader.factsTopic)])).toEqual([
        deadLetterTopicOf(reader.factsTopic),
      ]);
      expect(
        await kcatReadAll(groupDeadLetterTopicOf(reader.ledger.groupId, reader.factsTopic)),
      ).toEqual([]);
    });

    it("dead-letters a fact its handler refuses into the group's own topic, which kcat reads", async () => {
      await reader.publishFacts([
        { account: 'p', seq: 1, amount: 1, trackingId: 'owner-request', reject: true },
        { account: 'p', seq: 2, amount: 2 },
      ]);
      await waitFor(
        () => reader.account('p'),
        (a) => a?.applied === 1,
        { what: 'the good fact' },
      );

      const dlq = await waitFor(
        () => kcatReadAll(groupDeadLetterTopicOf(reader.ledger.groupId, reader.factsTopic)),
        (records) => records.length === 1,
        { what: 'one dead letter' },
      );
      expect(dlq[0].headers).toMatchObject({
        [DeadLetterHeaders.errorCode]: 'deposit-refused',
        [DeadLetterHeaders.originalTopic]: reader.factsTopic,
        [DeadLetterHeaders.consumerGroup]: reader.ledger.groupId,
        [CloudEventHeaders.trackingId]: 'owner-request',
      });
      expect(await reader.outcomes()).toEqual([]);
      const published = await kcatReadAll(reader.ledger.outputTopic);
      expect(published.map((r) => r.headers[CloudEventHeaders.type])).toEqual([
        'ledger.deposited',
        'ledger.deposited',
      ]);
    });
  });
});

function headersOf(type: string, id: string): Record<string, string> {
  return {
    [CloudEventHeaders.specVersion]: '1.0',
    [CloudEventHeaders.id]: id,
    [CloudEventHeaders.source]: 'test/owner',
    [CloudEventHeaders.type]: type,
    [CloudEventHeaders.time]: new Date().toISOString(),
    [CloudEventHeaders.contentType]: 'application/json',
  };
}
