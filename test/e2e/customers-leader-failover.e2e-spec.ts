import { customersMigrations } from '@app/customers';
import {
  AppProcess,
  createTestDatabase,
  OPEN_API_ENV,
  TestDatabase,
  ThrowawayKafkaCluster,
  uniqueName,
  waitFor,
} from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const COMMANDS = 150;
const KILL_AFTER = 50;
const AFTER_RESTART = 10;
const address = { street: '1 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'be' };

describe('Customers on three brokers when the leader of most partitions is SIGKILLed mid-stream', () => {
  const cluster = new ThrowawayKafkaCluster(3);
  const prefix = `${uniqueName('test')}.`;
  const topics = [`${prefix}customers.commands`, `${prefix}customers.events`];
  const apps: AppProcess[] = [];
  let db: TestDatabase;

  beforeAll(async () => {
    await cluster.start();
    db = await createTestDatabase(customersMigrations);
  }, 180_000);

  afterAll(async () => {
    for (const app of apps) app.signal('SIGKILL');
    await Promise.all(apps.map((app) => app.exited));
    await db?.drop();
    await cluster.destroy();
  }, 120_000);

  async function start(entry: string): Promise<AppProcess> {
    const app = await AppProcess.start(entry, entry, {
      KAFKA_BROKERS: cluster.brokers.join(','),
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
      KAFKA_PARTITIONS: '6',
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: db.url,
      DATABASE_SCHEMA: db.schema,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...OPEN_API_ENV,
    });
    apps.push(app);
    await app.ready(120_000);
    return app;
  }

  /** The node that leads most partitions of the service's input and output topics. */
  async function busiestLeader(): Promise<number> {
    const admin = new Kafka({ brokers: cluster.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const led = new Map<number, number>();
      for (const topic of found) {
        expect(topic.partitions.every((p) => p.replicas.length === 3)).toBe(true);
        for (const p of topic.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
      }
      return [...led].sort((a, b) => b[1] - a[1])[0][0];
    } finally {
      await admin.disconnect();
    }
  }

  /** Posts one command until the API takes it, with the same Idempotency-Key each time. */
  async function post(api: AppProcess, n: number, key: string): Promise<void> {
    const body = JSON.stringify({
      name: `Failover ${n}`,
      email: `failover-${n}@example.com`,
      address,
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const status = await fetch(`${api.url}/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
      }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 202) return;
      if (Date.now() > deadline) throw new Error(`command ${n} not taken: last status ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async function applied(): Promise<number> {
    const [row] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM ${db.schema}.request_outcomes WHERE status = 'accepted'`,
    )) as { n: number }[];
    return row.n;
  }

  it('applies every command once, the workers going on on the new leaders without a restart', async () => {
    const workers = [await start('customers/worker'), await start('customers/worker')];
    const api = await start('customers/api');
    const victim = await busiestLeader();

    // Outcomes are counted as they land, to measure the stall the leader's loss causes.
    const progress: { at: number; n: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const n = await applied().catch(() => -1);
        if (n >= 0 && n !== progress.at(-1)?.n) progress.push({ at: Date.now(), n });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const keys = Array.from({ length: COMMANDS }, () => randomUUID());
    const posts: Promise<void>[] = [];
    let killedAt = 0;
    for (let n = 0; n < COMMANDS; n++) {
      if (n === KILL_AFTER) {
        await cluster.node(victim).kill();
        killedAt = Date.now();
      }
      posts.push(post(api, n, keys[n]));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await Promise.all(posts);
    await waitFor(applied, (n) => n === COMMANDS, {
      timeoutMs: 120_000,
      what: 'every command applied on the surviving brokers',
    });
    watching = false;
    await watcher;

    // The node comes back as a follower; the workers go on with it in the cluster.
    await cluster.node(victim).start();
    await Promise.all(
      Array.from({ length: AFTER_RESTART }, (_, i) => post(api, COMMANDS + i, randomUUID())),
    );
    await waitFor(applied, (n) => n === COMMANDS + AFTER_RESTART, {
      timeoutMs: 60_000,
      what: 'the commands sent after the restart applied',
    });

    const customers = (await db.dataSource.query(
      `SELECT email, version FROM ${db.schema}.customers`,
    )) as { email: string; version: number }[];
    const total = COMMANDS + AFTER_RESTART;
    expect(customers).toHaveLength(total);
    expect(new Set(customers.map((c) => c.email)).size).toBe(total);
    expect(customers.every((c) => c.version === 1)).toBe(true);
    expect(await applied()).toBe(total);
    for (const worker of workers) expect(worker.running).toBe(true);

    const after = progress.filter((p) => p.at >= killedAt);
    const gaps = after.slice(1).map((p, i) => p.at - after[i].at);
    const firstAfterKill = after[0] ? after[0].at - killedAt : NaN;
    process.stdout.write(
      `leader failover: killed node ${victim}; first outcome ${firstAfterKill} ms after the kill, ` +
        `longest pause between outcomes after it ${Math.max(0, ...gaps)} ms, all ${COMMANDS} ` +
        `applied ${progress.at(-1)!.at - killedAt} ms after the kill\n`,
    );
  }, 400_000);
});
