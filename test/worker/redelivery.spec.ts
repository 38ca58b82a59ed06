import { CloudEventHeaders } from '@app/events';
import { bootstrapWorker, WorkerBroker } from '@app/kafka';
import { KcatRecord, kcatReadAll, stackConfig, waitFor } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { LedgerWorkerConfig, LedgerWorkerModule } from '../fixtures/ledger/ledger-worker.module';
import { CONTRACT_CLIENTS } from './contract-clients';
import { Deposit, IN_PROCESS_LOG_LEVELS, LedgerHarness } from './ledger-harness';

const ACCOUNTS = 8;
const PARTITIONS = 4;

/** One deposit per account for each seq in [from, to]; the amount tells account and seq apart. */
function deposits(from: number, to: number): Deposit[] {
  const list: Deposit[] = [];
  for (let seq = from; seq <= to; seq++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      list.push({ account: `acc-${a}`, seq, amount: 10 * a + seq, trackingId: `t-${a}-${seq}` });
    }
  }
  return list;
}

/** Records which input offsets a worker's consumer was handed, per partition. */
class DeliveryLog {
  readonly offsets = new Map<number, Set<bigint>>();

  /**
   * Wraps a worker's broker to observe its batches. With `seekToStoredPositions: false` the
   * worker no longer seeks to the positions stored in PostgreSQL on assignment, so Kafka's
   * committed offset alone says where it reads from: only the batch transaction protects it.
   */
  wrap(seekToStoredPositions = true): (broker: WorkerBroker) => WorkerBroker {
    return (broker) => ({
      ...broker,
      consumer: {
        sessionTimeoutMs: broker.consumer.sessionTimeoutMs,
        stop: () => broker.consumer.stop(),
        start: (topics, callbacks) =>
          broker.consumer.start(topics, {
            ...callbacks,
            onBatch: (batch) => {
              const seen = this.offsets.get(batch.partition) ?? new Set<bigint>();
              for (const message of batch.messages) seen.add(message.offset);
              this.offsets.set(batch.partition, seen);
              return callbacks.onBatch(batch);
            },
            onAssigned: async (assignment) =>
              seekToStoredPositions ? callbacks.onAssigned(assignment) : new Map<string, bigint>(),
          }),
      },
    });
  }
}

/** What the admin client and the ledger's tables say about one consumer group, per partition. */
class GroupProbe {
  private readonly admin = new Kafka({
    brokers: stackConfig().brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  private readonly apps: INestApplication[] = [];

  constructor(private readonly ledger: LedgerHarness) {}

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  /** Starts a worker of the ledger in this process (stopped by `stopWorkers`). */
  async startWorker(config: Partial<LedgerWorkerConfig> = {}): Promise<void> {
    const app = await bootstrapWorker(
      LedgerWorkerModule.register({ ...this.ledger.workerConfig(), ...config }),
      { logLevels: IN_PROCESS_LOG_LEVELS },
    );
    this.apps.push(app);
  }

  /** Stops every worker gracefully and waits until the group has no member left. */
  async stopWorkers(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close();
    await waitFor(
      async () => (await this.admin.describeGroups([this.ledger.groupId])).groups[0].state,
      (state) => state === 'Empty' || state === 'Dead',
      { what: 'an empty consumer group' },
    );
  }

  /** Sets the group's committed Kafka offset of every input partition; the group must be empty. */
  async setKafkaOffsets(offset: bigint): Promise<void> {
    await this.admin.setOffsets({
      groupId: this.ledger.groupId,
      topic: this.ledger.inputTopic,
      partitions: [...Array(PARTITIONS).keys()].map((partition) => ({
        partition,
        offset: offset.toString(),
      })),
    });
  }

  /** Creates the input topic before any worker runs (a worker would create it at its start). */
  async createInputTopic(): Promise<void> {
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: this.ledger.inputTopic, numPartitions: PARTITIONS }],
    });
  }

  /** Returns the group's committed Kafka offsets of the partitions that hold events. */
  async kafkaOffsets(): Promise<Record<number, string>> {
    const [topic] = await this.admin.fetchOffsets({
      groupId: this.ledger.groupId,
      topics: [this.ledger.inputTopic],
    });
    const used = await this.endOffsets();
    return Object.fromEntries(
      topic.partitions.filter((p) => p.partition in used).map((p) => [p.partition, p.offset]),
    );
  }

  /** Returns the end (high-water) offset of the input partitions that hold events. */
  async endOffsets(): Promise<Record<number, string>> {
    const offsets = await this.admin.fetchTopicOffsets(this.ledger.inputTopic);
    return Object.fromEntries(
      offsets.filter((p) => p.high !== '0').map((p) => [p.partition, p.high]),
    );
  }

  /** Returns the next offsets stored in PostgreSQL (consumer_offsets) for the input topic. */
  async storedPositions(): Promise<Record<number, string>> {
    const rows: { partition: number; next_offset: string }[] =
      await this.ledger.db.dataSource.query(
        `SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2`,
        [this.ledger.groupId, this.ledger.inputTopic],
      );
    return Object.fromEntries(rows.map((row) => [row.partition, row.next_offset]));
  }

  async close(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close().catch(() => undefined);
    await this.admin.disconnect();
  }
}

/** Names a deposit (or a `ledger.deposited` event) by its JSON payload: `account/seq`. */
function keyOf(record: KcatRecord): string {
  const { account, seq } = JSON.parse(record.payload ?? '{}') as Deposit;
  return `${account}/${seq}`;
}

/** Reads the `ledger.deposited` events of the output topic as `account/seq` and event ids. */
async function deposited(ledger: LedgerHarness): Promise<{ keys: string[]; ids: Set<string> }> {
  const records = (await kcatReadAll(ledger.outputTopic)).filter(
    (r) => r.headers[CloudEventHeaders.type] === 'ledger.deposited',
  );
  return {
    keys: records.map(keyOf),
    ids: new Set(records.map((r) => r.headers[CloudEventHeaders.id])),
  };
}

/** Checks that every account holds exactly the sum of its `sent` deposits, applied in order. */
async function expectBalances(ledger: LedgerHarness, sent: readonly Deposit[]): Promise<void> {
  const lastSeq = Math.max(...sent.map((d) => d.seq));
  for (const account of await ledger.accounts()) {
    const mine = sent.filter((d) => d.account === account.account);
    const balance = mine.reduce((sum, d) => sum + d.amount, 0);
    expect(account).toMatchObject({
      applied: lastSeq,
      last_seq: lastSeq,
      order_violations: 0,
      balance,
    });
  }
}

/** Checks that PostgreSQL's positions reached the end of every partition, and Kafka's commits followed. */
async function expectCaughtUp(group: GroupProbe): Promise<void> {
  const end = await group.endOffsets();
  expect(await group.storedPositions()).toEqual(end);
  await waitFor(
    () => group.kafkaOffsets(),
    (o) => JSON.stringify(o) === JSON.stringify(end),
    {
      what: 'Kafka offsets committed up to the stored positions',
    },
  );
}

/** Waits until `sent` deposits are applied and published, then checks each was applied and published once. */
async function expectExactlyOnce(ledger: LedgerHarness, sent: readonly Deposit[]): Promise<void> {
  const total = sent.length;
  const applied = await waitFor(
    () => ledger.applications(),
    (n) => n.total >= total,
    {
      timeoutMs: 60_000,
      what: `${total} deposits applied`,
    },
  );
  expect(applied).toEqual({ total, distinct: total });
  await expectBalances(ledger, sent);
  await waitFor(
    () => ledger.outboxBacklog(),
    (n) => n === 0,
    { what: 'an empty outbox' },
  );
  // By design an event below the stored position is skipped inside the batch transaction, before
  // any handler runs: it writes no outbox row, so it is published once, by the run that applied it.
  const { keys, ids } = await deposited(ledger);
  expect(keys).toHaveLength(total);
  expect(new Set(keys).size).toBe(total);
  expect(ids.size).toBe(total);
}

/** Writes what a previous worker would have left after applying `records`: positions and the view. */
async function pretendApplied(
  ledger: LedgerHarness,
  positions: ReadonlyMap<number, number>,
  records: readonly KcatRecord[],
): Promise<void> {
  const db = ledger.db.dataSource;
  for (const [partition, next] of positions) {
    await db.query(
      `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)`,
      [ledger.groupId, ledger.inputTopic, partition, next],
    );
  }
  for (const r of records) {
    const { account, seq, amount } = JSON.parse(r.payload ?? '{}') as Deposit;
    await db.query(
      `INSERT INTO ledger_accounts (account, balance, applied, last_seq, order_violations)
       VALUES ($1, $2, 1, $3, 0)
       ON CONFLICT (account) DO UPDATE SET balance = ledger_accounts.balance + EXCLUDED.balance,
         applied = ledger_accounts.applied + 1, last_seq = EXCLUDED.last_seq`,
      [account, amount, seq],
    );
  }
}

/** Sets up a ledger and its group probe for the enclosing describe, and tears them down. */
function groupFixture(ledger: LedgerHarness): { ledger: LedgerHarness; group: GroupProbe } {
  const group = new GroupProbe(ledger);
  beforeAll(async () => {
    await ledger.setUp();
    await group.connect();
  });
  afterAll(async () => {
    try {
      await group.close();
    } finally {
      await ledger.tearDown();
    }
  });
  return { ledger, group };
}

describe.each(CONTRACT_CLIENTS)(
  'Redelivery: the group rewound to offset 0 in Kafka, PostgreSQL untouched (%s)',
  (name, options) => {
    const { ledger, group } = groupFixture(new LedgerHarness(PARTITIONS, [name, options]));

    // The two cases run in order on one ledger: the second rewinds what the first left.
    it('applies nothing twice and publishes nothing again when a restarted worker finds its offsets rewound', async () => {
      await group.startWorker();
      await ledger.send(deposits(1, 10));
      await expectExactlyOnce(ledger, deposits(1, 10));
      await group.stopWorkers();
      expect(await group.kafkaOffsets()).toEqual(await group.storedPositions());

      await group.setKafkaOffsets(0n);
      expect(new Set(Object.values(await group.kafkaOffsets()))).toEqual(new Set(['0']));
      await group.startWorker();
      await ledger.send(deposits(11, 13));

      await expectExactlyOnce(ledger, deposits(1, 13));
      await expectCaughtUp(group);
    }, 120_000);

    it('skips every redelivered event in the batch transaction when nothing seeks past them', async () => {
      await group.stopWorkers();
      await group.setKafkaOffsets(0n);
      const log = new DeliveryLog();
      await group.startWorker({ wrapBroker: log.wrap(false) });
      await ledger.send(deposits(14, 16));

      await expectExactlyOnce(ledger, deposits(1, 16));
      // Kafka really did hand every old event over again, from offset 0 of each partition.
      for (const partition of Object.keys(await group.endOffsets())) {
        expect({ partition, redelivered: log.offsets.get(Number(partition))?.has(0n) }).toEqual({
          partition,
          redelivered: true,
        });
      }
    }, 120_000);
  },
);

describe.each(CONTRACT_CLIENTS)(
  'Resume: the position stored in PostgreSQL wins over Kafka’s committed offset (%s)',
  (name, options) => {
    const { ledger, group } = groupFixture(new LedgerHarness(PARTITIONS, [name, options]));

    it('does not apply the events below the stored position, and applies the rest', async () => {
      await group.createInputTopic();
      const sent = deposits(1, 10);
      await ledger.send(sent);

      // Pretend that a previous worker applied the first half of each partition (and its effects
      // are in the view), while Kafka's committed offset stayed at 0.
      const records = await kcatReadAll(ledger.inputTopic);
      expect(records).toHaveLength(sent.length);
      const counts = new Map<number, number>();
      for (const r of records) counts.set(r.partition, (counts.get(r.partition) ?? 0) + 1);
      const positions = new Map([...counts].map(([partition, n]) => [partition, Math.ceil(n / 2)]));
      const skipped = records.filter((r) => r.offset < (positions.get(r.partition) ?? 0));
      const applied = records.filter((r) => !skipped.includes(r));
      expect(skipped.length).toBeGreaterThan(0);
      expect(applied.length).toBeGreaterThan(0);

      await pretendApplied(ledger, positions, skipped);
      await group.setKafkaOffsets(0n);
      expect(new Set(Object.values(await group.kafkaOffsets()))).toEqual(new Set(['0']));

      // The worker seeks to the stored positions on assignment; should a fetch from Kafka's offset 0
      // win that race, the batch transaction skips the events anyway: the test checks the effects.
      await group.startWorker();

      const total = applied.length;
      const counted = await waitFor(
        () => ledger.applications(),
        (n) => n.total >= total,
        {
          timeoutMs: 60_000,
          what: `the ${total} events at or above the stored positions applied`,
        },
      );
      expect(counted).toEqual({ total, distinct: total });
      const appliedIds: { event_id: string }[] = await ledger.db.dataSource.query(
        `SELECT event_id FROM ledger_applied`,
      );
      expect(new Set(appliedIds.map((r) => r.event_id))).toEqual(
        new Set(applied.map((r) => r.headers[CloudEventHeaders.id])),
      );
      // The view is whole: the pretend-applied prefix plus the rest, in order, once each.
      await expectBalances(ledger, sent);

      await waitFor(
        () => ledger.outboxBacklog(),
        (n) => n === 0,
        { what: 'an empty outbox' },
      );
      const { keys } = await deposited(ledger);
      expect([...keys].sort()).toEqual(applied.map(keyOf).sort());
      await expectCaughtUp(group);
    }, 120_000);
  },
);
