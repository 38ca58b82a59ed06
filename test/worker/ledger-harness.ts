import { createEvent, encodeEvent } from '@app/events';
import {
  bootstrapWorker,
  BrokerProducer,
  kafkajsProducer,
  KafkaWorkerOptions,
  OutboundRecord,
} from '@app/kafka';
import { createTestDatabase, stackConfig, TestDatabase, uniqueName } from '@app/testing';
import { INestApplication, LogLevel } from '@nestjs/common';
import { ledgerEvents, LedgerEvents } from '../fixtures/ledger/ledger.events';
import { LedgerAccountRow } from '../fixtures/ledger/ledger.migration';
import {
  LedgerWorkerConfig,
  LedgerWorkerModule,
  ledgerMigrations,
} from '../fixtures/ledger/ledger-worker.module';
import { ClientUnderTest, KAFKAJS } from './contract-clients';

/** What a worker started in the test's own process writes: a passing test prints no debug lines. */
export const IN_PROCESS_LOG_LEVELS: LogLevel[] = ['warn', 'error', 'fatal'];

/** One deposit to send. */
export interface Deposit {
  account: string;
  seq: number;
  amount: number;
  trackingId?: string;
  reject?: boolean;
  explode?: boolean;
  memoLength?: number;
}

/** A test's own ledger: schema, topics, group, and a producer of deposits. */
export class LedgerHarness {
  readonly inputTopic = uniqueName('test-ledger-in');
  readonly outputTopic = uniqueName('test-ledger-out');
  readonly groupId = uniqueName('test-ledger-group');
  readonly events: LedgerEvents = ledgerEvents(this.inputTopic, this.outputTopic);
  db!: TestDatabase;
  private producer?: BrokerProducer;
  private readonly apps: INestApplication[] = [];

  /** The brokers its workers and producer talk to: the stack's, unless a test has its own. */
  brokers: string[] = stackConfig().brokers;

  /** @param client the Kafka client its workers run on (the test's own producer is kafkajs). */
  constructor(
    readonly partitions = 4,
    readonly client: ClientUnderTest = KAFKAJS,
  ) {}

  /** Creates the schema; topics are provisioned by the first worker. */
  async setUp(): Promise<void> {
    this.db = await createTestDatabase(ledgerMigrations);
  }

  /** Returns the configuration a worker of this ledger uses (in this process or a child). */
  workerConfig(worker?: Partial<KafkaWorkerOptions>): LedgerWorkerConfig {
    return {
      brokers: this.brokers,
      databaseUrl: this.db.url,
      schema: this.db.schema,
      inputTopic: this.inputTopic,
      outputTopic: this.outputTopic,
      groupId: this.groupId,
      partitions: this.partitions,
      worker: { ...this.client[1], ...worker },
    };
  }

  /** Starts a worker in this process. */
  async startWorker(config: Partial<LedgerWorkerConfig> = {}): Promise<INestApplication> {
    const base = this.workerConfig(config.worker);
    const app = await bootstrapWorker(
      LedgerWorkerModule.register({ ...base, ...config, worker: base.worker }),
      { logLevels: IN_PROCESS_LOG_LEVELS },
    );
    this.apps.push(app);
    return app;
  }

  /** Stops one worker gracefully (it leaves the group). */
  async stopWorker(app: INestApplication): Promise<void> {
    this.apps.splice(this.apps.indexOf(app), 1);
    await app.close();
  }

  /** Sends deposits as CloudEvents keyed by account, in order. */
  async send(deposits: readonly Deposit[]): Promise<void> {
    await this.sendRecords(deposits.map((deposit) => this.depositRecord(deposit)));
  }

  /** Encodes a deposit as the record a well-behaved producer sends. */
  depositRecord({ trackingId, ...payload }: Deposit): OutboundRecord {
    const encoded = encodeEvent(
      this.events.deposit,
      createEvent(this.events.deposit, payload, { source: 'test/client', trackingId }),
    );
    return {
      topic: encoded.topic,
      key: encoded.key,
      value: encoded.value,
      headers: encoded.headers,
    };
  }

  /** Sends records as they are (hand-made ones included), in order. */
  async sendRecords(records: readonly OutboundRecord[]): Promise<void> {
    if (!this.producer) {
      this.producer = kafkajsProducer({
        clientId: 'test-producer',
        brokers: this.brokers,
      });
      await this.producer.connect();
    }
    for (let i = 0; i < records.length; i += 1000)
      await this.producer.send(records.slice(i, i + 1000));
  }

  /** Reads the view: per-account balances and counters. */
  async accounts(): Promise<(Omit<LedgerAccountRow, 'balance'> & { balance: number })[]> {
    const rows: LedgerAccountRow[] = await this.db.dataSource.query(
      `SELECT * FROM ledger_accounts ORDER BY account`,
    );
    return rows.map((row) => ({ ...row, balance: Number(row.balance) }));
  }

  /** Counts applications in total and distinct by event id. */
  async applications(): Promise<{ total: number; distinct: number }> {
    const [row]: { total: string; distinct: string }[] = await this.db.dataSource.query(
      `SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM ledger_applied`,
    );
    return { total: Number(row.total), distinct: Number(row.distinct) };
  }

  /** Counts outbox rows not yet published. */
  async outboxBacklog(): Promise<number> {
    const [row]: { n: string }[] = await this.db.dataSource.query(
      `SELECT count(*) AS n FROM outbox`,
    );
    return Number(row.n);
  }

  /** Stops workers, the producer and drops the schema. */
  async tearDown(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close();
    await this.producer?.disconnect();
    await this.db?.drop();
  }
}
