import { customersService } from '@app/customers';
import { Topics } from '@app/events';
import { ordersService } from '@app/orders';
import { ServiceDefinition } from '@app/service';
import {
  AppProcess,
  createTestDatabase,
  stackConfig,
  TestDatabase,
  uniqueName,
  waitFor,
  OPEN_API_ENV,
} from '@app/testing';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { KafkaProbe } from '../lib/kafka-probe';
import { LoadResult, postAt } from '../lib/load';

/** One endpoint's answers at the scenario's rate. */
export interface ChainLatency extends LoadResult {
  readonly endpoint: string;
}

const WAIT = { prefer: 'wait=10' };
/** The machine's 1-minute load average when the measured runs began (2 cores: above 2 is busy). */
let loadBefore = 0;
const ITEMS = [{ sku: 'bench-1', quantity: 2, unitPrice: 1999 }];
const ADDRESS = { street: '1 Main Street', city: 'Lyon', postalCode: '69001', country: 'FR' };

/**
 * Measures `POST /orders` with `Prefer: wait` for a known customer (one service) and for a new
 * customer (orders asks customers, then answers: two services), beside `POST /customers`, each
 * at the same light fixed rate, one after the other on the same processes: one API and one
 * worker of each service.
 */
export async function measureOrdersLatency(rate: number, seconds: number): Promise<ChainLatency[]> {
  const prefix = `${uniqueName('bench')}.`;
  const dbs = new Map<string, TestDatabase>();
  for (const service of [customersService, ordersService])
    dbs.set(service.name, await createTestDatabase([...service.migrations]));
  const probe = await KafkaProbe.connect(stackConfig().brokers);
  const apps: AppProcess[] = [];
  const start = async (service: ServiceDefinition, role: 'api' | 'worker') => {
    const { brokers, databaseUrl } = stackConfig();
    const app = await AppProcess.start(`${service.name}-${role}`, `${service.name}/${role}`, {
      KAFKA_BROKERS: brokers.join(','),
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: dbs.get(service.name)?.schema ?? '',
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: '12',
      LOG_LEVEL: 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      // The benchmark's client has no token: authentication off, explicitly.
      ...OPEN_API_ENV,
    });
    apps.push(app);
    await app.ready();
    return app;
  };
  try {
    // Shipping and payments own these topics; the orders worker reads them and waits for them.
    await probe.createTopics(
      [Topics.shippingEvents, Topics.paymentEvents].map((topic) => `${prefix}${topic}`),
      12,
    );
    await start(customersService, 'worker');
    const customersApi = await start(customersService, 'api');
    await start(ordersService, 'worker');
    const ordersApi = await start(ordersService, 'api');
    const customerId = await knownCustomer(customersApi.url, dbs.get(ordersService.name));
    const run = Date.now().toString(36);
    // One count across warm-ups and runs, so that no two requests share an email.
    let created = 0;
    const newCustomer = (kind: string) => () => ({
      name: `Load ${created}`,
      email: `${kind}-${run}-${created++}@bench.example`,
      address: ADDRESS,
    });
    const endpoints: [string, string, (n: number) => object][] = [
      ['POST /customers', `${customersApi.url}/customers`, newCustomer('customer')],
      [
        'POST /orders, known customer',
        `${ordersApi.url}/orders`,
        () => ({ customerId, items: ITEMS }),
      ],
      [
        'POST /orders, new customer (orders, then customers, then orders)',
        `${ordersApi.url}/orders`,
        () => ({ newCustomer: newCustomer('order')(), items: ITEMS }),
      ],
    ];
    const results: ChainLatency[] = [];
    loadBefore = loadavg()[0];
    for (const [endpoint, url, bodyOf] of endpoints) {
      await postAt(url, rate, 3, WAIT, bodyOf); // warm-up
      results.push({ endpoint, ...(await postAt(url, rate, seconds, WAIT, bodyOf)) });
    }
    return results;
  } finally {
    for (const app of apps) app.signal('SIGKILL');
    await Promise.all(apps.map((app) => app.exited));
    const topics = [
      Topics.customerCommands,
      Topics.customerEvents,
      Topics.orderCommands,
      Topics.orderEvents,
      Topics.shippingEvents,
      Topics.paymentEvents,
    ].map((topic) => `${prefix}${topic}`);
    await probe.deleteTopics([...topics, ...topics.map((t) => `${t}.dlq`)]).catch(() => undefined);
    await probe.close();
    for (const db of dbs.values()) await db.drop();
  }
}

/** Creates a customer and waits until the orders' replica knows it; returns its id. */
async function knownCustomer(url: string, ordersDb: TestDatabase | undefined): Promise<string> {
  const reply = await fetch(`${url}/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...WAIT },
    body: JSON.stringify({
      name: 'Known',
      email: `known-${Date.now()}@bench.example`,
      address: ADDRESS,
    }),
  });
  const { customerId } = (await reply.json()) as { customerId: string };
  await waitFor(
    async () =>
      (await ordersDb?.dataSource.query(`SELECT 1 FROM customer_replicas WHERE customer_id = $1`, [
        customerId,
      ])) ?? [],
    (rows) => rows.length === 1,
    { what: "the customer in the orders' replica" },
  );
  return customerId;
}

/** Returns the results as a Markdown report. */
export function ordersLatencyReport(
  results: readonly ChainLatency[],
  rate: number,
  seconds: number,
): string {
  const rows = results.map((r) => {
    const statuses = Object.entries(r.statuses)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
    const ms = (v: number | null) => (v === null ? '≥ 10,000 (no answer)' : String(v));
    return `| ${r.endpoint} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.max} | ${r.errors} | ${statuses} |`;
  });
  return [
    '# Benchmarks: the orders chain',
    '',
    `Written by \`bench/scenarios/orders-latency.ts\` on ${new Date().toISOString().slice(0, 10)}: ${rate} requests/s for ${seconds} s per endpoint (after a 3 s warm-up), open loop, each with \`Prefer: wait=10\`, one API and one worker per service, Kafka and PostgreSQL on the same machine (load average ${loadBefore.toFixed(1)} on ${cpus().length} cores when the runs began). Not a pass/fail test: read the figures of one run side by side.`,
    '',
    '| endpoint | answered | p50 (ms) | p99 (ms) | max (ms) | errors | statuses |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    'A new customer costs two hops through Kafka more than a known one: orders publishes `CreateCustomer` through its outbox, customers creates the customer and publishes `CustomerCreated`, and orders reads it, places the order and answers the waiting request by NOTIFY.',
    '',
  ].join('\n');
}

if (require.main === module) {
  const rate = Number(process.env.BENCH_ORDERS_RATE ?? 20);
  const seconds = Number(process.env.BENCH_RATE_SECONDS ?? 15);
  measureOrdersLatency(rate, seconds).then(
    (results) => {
      const report = ordersLatencyReport(results, rate, seconds);
      writeFileSync(join(process.env.BENCH_OUT ?? 'docs', 'benchmarks-orders.md'), report);
      console.log(report);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
