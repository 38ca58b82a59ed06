import { createEvent, encodeEvent, paymentsCatalogue, RequestPayment, Topics } from '@app/events';
import { paymentsMigrations } from '@app/payments';
import {
  AppProcess,
  createTestDatabase,
  stackConfig,
  TestDatabase,
  uniqueName,
  OPEN_API_ENV,
} from '@app/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { stopAll } from '../lib/contender';
import { KafkaProbe } from '../lib/kafka-probe';

const ACCOUNTS = 50;
const PARTITIONS = 12;
const TIMEOUT_MS = 600_000;

/** The full chain (request, DEBIT, CREDIT, completed) on a backlog, with some worker processes. */
export interface PaymentsThroughput {
  readonly workers: number;
  readonly payments: number;
  /** From the first outcome recorded to the last payment's answer. */
  readonly seconds: number;
  readonly paymentsPerSecond: number;
  /** The machine's 1-minute load average before the run: how busy it was with other work. */
  readonly loadAverage: number;
}

/** `POST /payments` with `Prefer: wait` at a fixed open-loop rate: answered once completed. */
export interface PaymentsLatency {
  readonly rate: number;
  readonly seconds: number;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly statuses: Record<string, number>;
  readonly loadAverage: number;
}

/** What the payments scenario measured. */
export interface PaymentsBenchResult {
  readonly throughput: PaymentsThroughput[];
  readonly latency: PaymentsLatency;
}

/**
 * The topics of one run: payments' own, and orders' facts, which its worker reads (to charge
 * placed orders) and waits for; no order is placed in this benchmark.
 */
const RUN_TOPICS = [Topics.paymentCommands, Topics.paymentEvents, Topics.orderEvents];

/** One run's names and database: a topic prefix and a schema of its own. */
interface Run {
  readonly prefix: string;
  readonly db: TestDatabase;
  readonly accounts: string[];
}

/**
 * Measures payments through the whole chain: a backlog of `payments` between 50 accounts with 1
 * and then 2 worker processes, and `POST /payments` with `Prefer: wait` at `rate` per second for
 * `seconds`. The accounts are seeded in the view with enough money for every payment to complete;
 * a run that does not complete every payment fails instead of giving a number.
 */
export async function measurePayments(
  payments: number,
  rate: number,
  seconds: number,
): Promise<PaymentsBenchResult> {
  const throughput: PaymentsThroughput[] = [];
  let latency: PaymentsLatency | undefined;
  for (const workers of [1, 2]) {
    const run = await openRun();
    const apps: AppProcess[] = [];
    try {
      // The group settles before the backlog arrives: a member joining mid-run would pause it.
      for (let i = 0; i < workers; i++) apps.push(await start(run, 'worker', i));
      await Promise.all(apps.map((app) => app.ready()));
      const loadAverage = loadavg()[0];
      await preload(run, payments);
      throughput.push({ workers, payments, loadAverage, ...(await drained(run, payments)) });
      if (workers === 2) {
        apps.push(await start(run, 'api', 0));
        await apps[apps.length - 1].ready();
        latency = await postPayments(run, apps[apps.length - 1].url, rate, seconds);
      }
    } finally {
      await stopAll(apps);
      await closeRun(run);
    }
  }
  return { throughput, latency: latency as PaymentsLatency };
}

/** Renders the report's section on payments. */
export function paymentsSection(result: PaymentsBenchResult): string[] {
  const { latency } = result;
  return [
    '## 4. Payments: DEBIT then CREDIT',
    '',
    'A payment is three hops through Kafka (the request, the DEBIT in the payer\u2019s partition, the ' +
      'CREDIT in the payee\u2019s), each a batch transaction and an outbox publication. Backlog of ' +
      `payments between ${ACCOUNTS} accounts (${PARTITIONS} partitions), produced once the workers joined, timed from the first recorded outcome ` +
      'to the last payment\u2019s answer:',
    '',
    '| workers | payments | seconds | payments/s | load average before |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...result.throughput.map(
      (t) =>
        `| ${t.workers} | ${t.payments.toLocaleString('en-US')} | ${t.seconds.toFixed(1)} | ${Math.round(t.paymentsPerSecond)} | ${t.loadAverage.toFixed(1)} |`,
    ),
    '',
    `\`POST /payments\` with \`Prefer: wait\` at ${latency.rate} requests/s for ${latency.seconds} s ` +
      '(open loop, two workers, one API), answered once the payment completed: ' +
      `p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms over ${latency.requests} requests ` +
      `(statuses ${JSON.stringify(latency.statuses)}; load average ${latency.loadAverage.toFixed(1)} before).`,
    '',
  ];
}

async function openRun(): Promise<Run> {
  const db = await createTestDatabase(paymentsMigrations);
  const prefix = `${uniqueName('bench')}.`;
  const accounts = Array.from({ length: ACCOUNTS }, () => randomUUID());
  // Seeded as deposits would leave them: every balance with its ledger line.
  await db.dataSource.query(
    `WITH opened AS (
       INSERT INTO accounts (account_id, owner, currency, balance, opened_at, updated_at)
       SELECT id, 'bench', 'EUR', 1000000000, now(), now() FROM unnest($1::uuid[]) AS id
       RETURNING account_id, balance)
     INSERT INTO account_entries (account_id, kind, amount, balance_after, deposit_id, at)
     SELECT account_id, 'deposit', balance, balance, gen_random_uuid(), now() FROM opened`,
    [accounts],
  );
  const probe = await KafkaProbe.connect(stackConfig().brokers);
  try {
    await probe.createTopics(
      RUN_TOPICS.map((topic) => `${prefix}${topic}`),
      PARTITIONS,
    );
  } finally {
    await probe.close();
  }
  return { prefix, db, accounts };
}

async function closeRun(run: Run): Promise<void> {
  const probe = await KafkaProbe.connect(stackConfig().brokers);
  const topics = RUN_TOPICS.map((t) => `${run.prefix}${t}`);
  await probe.deleteTopics([...topics, `${topics[0]}.dlq`]).catch(() => undefined);
  await probe.close();
  await run.db.drop();
}

/** Produces the backlog: payments between the accounts, each a tracked request. */
async function preload(run: Run, payments: number): Promise<void> {
  const definition = paymentsCatalogue.withTopicPrefix(run.prefix).resolve(RequestPayment);
  const kafka = new Kafka({
    clientId: 'bench-payments',
    brokers: stackConfig().brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let start = 0; start < payments; start += 1000) {
      const messages = Array.from({ length: Math.min(1000, payments - start) }, (_, k) => {
        const i = start + k;
        const payload = {
          paymentId: randomUUID(),
          from: run.accounts[i % ACCOUNTS],
          to: run.accounts[(i + 1 + (i % (ACCOUNTS - 1))) % ACCOUNTS],
          amount: 1 + (i % 1000),
        };
        const encoded = encodeEvent(
          definition,
          createEvent(definition, payload, { source: 'bench', trackingId: `bench-${i}` }),
        );
        return { key: encoded.key, value: encoded.value, headers: encoded.headers };
      });
      await producer.send({ topic: definition.topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

async function start(run: Run, role: 'api' | 'worker', i: number): Promise<AppProcess> {
  const { brokers, databaseUrl } = stackConfig();
  return AppProcess.start(`payments-${role}-${i}`, `payments/${role}`, {
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: run.db.schema,
    KAFKA_TOPIC_PREFIX: run.prefix,
    KAFKA_PARTITIONS: String(PARTITIONS),
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    // The benchmark's client has no token: authentication off, explicitly.
    ...OPEN_API_ENV,
  });
}

/** Waits until every payment of the backlog is answered; times it from the first outcome. */
async function drained(
  run: Run,
  payments: number,
): Promise<{ seconds: number; paymentsPerSecond: number }> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const [row]: {
      answered: string;
      first: number | null;
      last: number | null;
      completed: string;
    }[] = await run.db.dataSource.query(
      `SELECT count(*) FILTER (WHERE tracking_id LIKE 'bench-%') AS answered,
                (extract(epoch FROM min(recorded_at)) * 1000)::float8 AS first,
                (extract(epoch FROM max(recorded_at) FILTER (WHERE tracking_id LIKE 'bench-%')) * 1000)::float8 AS last,
                (SELECT count(*) FROM payments WHERE status = 'completed') AS completed
           FROM request_outcomes`,
    );
    if (Number(row.answered) >= payments) {
      if (Number(row.completed) !== payments)
        throw new Error(`${row.completed} of ${payments} payments completed`);
      const seconds = (Number(row.last) - Number(row.first)) / 1000;
      return { seconds, paymentsPerSecond: payments / seconds };
    }
    if (Date.now() > deadline)
      throw new Error(`Only ${row.answered} of ${payments} payments answered`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Posts payments at a fixed open-loop rate, each waiting for its end; returns the latencies. */
async function postPayments(
  run: Run,
  url: string,
  rate: number,
  seconds: number,
): Promise<PaymentsLatency> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const sent: Promise<void>[] = [];
  const total = rate * seconds;
  const loadAverage = loadavg()[0];
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = {
      from: run.accounts[i % ACCOUNTS],
      to: run.accounts[(i + 7) % ACCOUNTS],
      amount: 1 + (i % 100),
    };
    const at = performance.now();
    sent.push(
      fetch(`${url}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'wait=10' },
        body: JSON.stringify(body),
      }).then(async (response) => {
        await response.text();
        latencies.push(performance.now() - at);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(sent);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return {
    rate,
    seconds,
    requests: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    statuses,
    loadAverage,
  };
}

if (require.main === module) {
  const env = process.env;
  measurePayments(
    Number(env.BENCH_PAYMENTS ?? 5_000),
    Number(env.BENCH_PAYMENTS_RATE ?? 20),
    Number(env.BENCH_RATE_SECONDS ?? 15),
  ).then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      console.log(paymentsSection(result).join('\n'));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
