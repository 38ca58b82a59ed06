import { customersMigrations } from '@app/customers';
import {
  createEvent,
  CreateCustomer,
  customersCatalogue,
  encodeEvent,
  EventEnvelope,
  stableUuid,
  UpdateCustomer,
} from '@app/events';
import { createDataSource } from '@app/persistence';
import { createTestDatabase, stackConfig, TestDatabase, uniqueName } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { DataSource } from 'typeorm';
import { runNames, RunNames, startContender, stopAll } from '../lib/contender';
import { KafkaProbe } from '../lib/kafka-probe';
import { createCommand } from '../lib/preload';

/** Commands in each backlog. */
const EVENTS = Number(process.env.BENCH_REFUSAL_EVENTS ?? 500);
/** One command in this many is refused (its email is taken); 0 refuses none. */
const REFUSED_EVERY = Number(process.env.BENCH_REFUSED_EVERY ?? 10);
/** One partition: the backlog reaches the worker as one batch of `EVENTS` commands. */
const PARTITIONS = Number(process.env.BENCH_REFUSAL_PARTITIONS ?? 1);
const TIMEOUT_MS = 120_000;
const POLL_MS = 10;

/** What PostgreSQL ran for one backlog (pg_stat_statements of the run's own database). */
export interface RefusalCost {
  readonly backlog: string;
  readonly events: number;
  readonly refused: number;
  readonly transactions: number;
  readonly rollbacks: number;
  readonly savepoints: number;
  /** Events whose writes were undone alone (`ROLLBACK TO SAVEPOINT`). */
  readonly undone: number;
  /** Every statement, transaction control included. */
  readonly statements: number;
  /** From the start of the send to the last outcome (polled every `POLL_MS`). */
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/**
 * Measures what refusals cost the customers worker: a backlog of creates (a batch handler) and
 * one of updates (a single-event handler), each with one command in ten refused because its
 * email is taken. The run gets a database of its own, so that its statement counts are the
 * worker's alone; they are read after the worker is ready, so start-up is not counted.
 */
export async function measureRefusalCost(): Promise<RefusalCost[]> {
  const { databaseUrl } = stackConfig();
  const admin = await createDataSource({ url: databaseUrl, schema: 'public' }).initialize();
  const database = uniqueName('bench_refusal').replace(/-/g, '_');
  await admin.query(`CREATE DATABASE ${database}`);
  const url = databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
  try {
    const db = await createTestDatabase(customersMigrations, url);
    try {
      return await measureIn(db);
    } finally {
      await db.dataSource.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  }
}

async function measureIn(db: TestDatabase): Promise<RefusalCost[]> {
  const { brokers } = stackConfig();
  const names = runNames(`${uniqueName('bench')}.`, db.schema);
  const probe = await KafkaProbe.connect(brokers);
  await probe.createTopics([names.input, names.output], PARTITIONS);
  const [worker] = await startContender(
    {
      key: 'refusal',
      label: 'customers worker',
      processes: 1,
      entry: 'customers/worker',
      env: { DATABASE_URL: db.url, KAFKA_PARTITIONS: String(PARTITIONS) },
    },
    names,
  );
  try {
    await worker.ready();
    return [
      await measureBacklog(db, names, 'create (batch handler)', await createBacklog(db, names)),
      await measureBacklog(db, names, 'update (single handler)', await updateBacklog(db, names)),
    ];
  } finally {
    await stopAll([worker]);
    await probe
      .deleteTopics([names.input, names.output, `${names.input}.dlq`])
      .catch(() => undefined);
    await probe.close();
  }
}

/** Creates, of which every tenth names an email a customer already has. */
async function createBacklog(db: TestDatabase, names: RunNames): Promise<EventEnvelope[]> {
  const definition = customersCatalogue.withTopicPrefix(names.prefix).resolve(CreateCustomer);
  const commands = Array.from({ length: EVENTS }, (_, i) =>
    createCommand(definition, names.prefix, i),
  );
  const refused = commands.filter((_, i) => isRefused(i));
  await insertCustomers(
    db.dataSource,
    refused.map((c) => ({ id: randomUUID(), email: c.payload.email })),
  );
  return commands;
}

/** Updates of existing customers, of which every tenth changes the email to another's. */
async function updateBacklog(db: TestDatabase, names: RunNames): Promise<EventEnvelope[]> {
  const customers = Array.from({ length: EVENTS }, (_, i) => ({
    id: stableUuid(`${names.prefix}/update/${i}`),
    email: `update-${i}@${names.schema.replace(/_/g, '-')}.bench.example`,
  }));
  await insertCustomers(db.dataSource, customers);
  const definition = customersCatalogue.withTopicPrefix(names.prefix).resolve(UpdateCustomer);
  return customers.map((customer, i) =>
    createEvent(
      definition,
      {
        customerId: customer.id,
        expectedVersion: 1,
        changes: isRefused(i)
          ? { email: customers[(i + 1) % EVENTS].email }
          : { name: `Renamed ${i}` },
      },
      { source: 'bench', trackingId: randomUUID() },
    ),
  );
}

function isRefused(i: number): boolean {
  return REFUSED_EVERY > 0 && i % REFUSED_EVERY === 0;
}

async function insertCustomers(
  dataSource: DataSource,
  customers: readonly { id: string; email: string }[],
): Promise<void> {
  await dataSource.query(
    `INSERT INTO customers (customer_id, name, email, address, version, created_at, updated_at)
     SELECT id, 'Existing', email, '{"street":"1 Main Street","city":"Lyon","postalCode":"69001","country":"FR"}', 1, now(), now()
       FROM unnest($1::uuid[], $2::text[]) AS c(id, email)`,
    [customers.map((c) => c.id), customers.map((c) => c.email)],
  );
}

/** Sends the backlog once the statistics are reset, waits for every outcome, reads the counts. */
async function measureBacklog(
  db: TestDatabase,
  names: RunNames,
  backlog: string,
  events: readonly EventEnvelope[],
): Promise<RefusalCost> {
  const ds = db.dataSource;
  const [{ oid }] = await ds.query<{ oid: number }[]>(
    `SELECT oid FROM pg_database WHERE datname = current_database()`,
  );
  await ds.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public`);
  const before = await outcomeCount(ds);
  await ds.query(`SELECT public.pg_stat_statements_reset(0, $1, 0)`, [oid]);
  const sentAt = Date.now();
  await send(names, events);
  const deadline = sentAt + TIMEOUT_MS;
  while ((await outcomeCount(ds)) < before + events.length) {
    if (Date.now() > deadline) throw new Error(`${backlog}: not every command was answered.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const seconds = (Date.now() - sentAt) / 1000;
  const ids = events.map((e) => e.trackingId);
  const [answered] = await ds.query<{ refused: string }[]>(
    `SELECT count(*) FILTER (WHERE status = 'rejected') AS refused
       FROM request_outcomes WHERE tracking_id = ANY($1::text[])`,
    [ids],
  );
  const counts = await statementCounts(ds, oid);
  return {
    backlog,
    events: events.length,
    refused: Number(answered.refused),
    ...counts,
    seconds,
    eventsPerSecond: Math.round(events.length / seconds),
  };
}

async function statementCounts(ds: DataSource, oid: number) {
  // The bench's own probes (outcome counts, this read) are not the worker's.
  const rows = await ds.query<{ query: string; calls: string }[]>(
    `SELECT query, calls FROM public.pg_stat_statements
      WHERE dbid = $1 AND query NOT LIKE '%pg_stat_statements%'
        AND query NOT LIKE '%count(*) AS n FROM request_outcomes%'`,
    [oid],
  );
  const calls = (pattern: RegExp) =>
    rows.filter((r) => pattern.test(r.query.trim())).reduce((n, r) => n + Number(r.calls), 0);
  return {
    transactions: calls(/^(BEGIN|START TRANSACTION)/i),
    rollbacks: calls(/^ROLLBACK$/i),
    savepoints: calls(/^SAVEPOINT/i),
    undone: calls(/^ROLLBACK TO/i),
    statements: calls(/.*/s),
  };
}

async function outcomeCount(ds: DataSource): Promise<number> {
  const [row] = await ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM request_outcomes`);
  return Number(row.n);
}

async function send(names: RunNames, events: readonly EventEnvelope[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'bench-refusal',
    brokers: stackConfig().brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const catalogue = customersCatalogue.withTopicPrefix(names.prefix);
    const encoded = events.map((e) => encodeEvent(catalogue.get(e.type), e));
    await producer.send({
      topic: names.input,
      acks: -1,
      messages: encoded.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  } finally {
    await producer.disconnect();
  }
}

if (require.main === module) {
  measureRefusalCost().then(
    (costs) => console.log(JSON.stringify(costs, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
