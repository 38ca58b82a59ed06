import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudEventHeaders } from '@app/events';
import { AppProcess, kcatReadAll, waitFor } from '@app/testing';
import { CustomersSystem, http } from './customers-system';

const run = promisify(execFile);
const address = { street: '1 Main', city: 'Antwerp', postalCode: '2000', country: 'BE' };

describe('Operating the customers service (real processes, real stack)', () => {
  const system = new CustomersSystem();

  beforeAll(() => system.setUp());
  afterAll(() => system.tearDown());

  it('loses nothing and applies nothing twice when a worker is SIGKILLed under load and another takes over', async () => {
    const worker = await system.startWorker();
    const api = await system.startApi();
    const posts: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 300; i++) {
      posts.push(
        http(
          'POST',
          `${api.url}/customers`,
          { name: `Load ${i}`, email: `load-${i}@example.com`, address },
          {
            'Idempotency-Key': `load-${i}`,
          },
        ),
      );
      if (i === 120) {
        await waitFor(
          async () =>
            (await system.db.dataSource.query(`SELECT count(*)::int AS n FROM customers`))[0]
              .n as number,
          (n) => n > 20,
        );
        worker.signal('SIGKILL');
      }
    }
    const statuses = (await Promise.all(posts)).map((reply) => reply.status);
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
    expect((await worker.exited).signal).toBe('SIGKILL');
    await system.startWorker();

    const rows = await waitFor(
      async () =>
        (
          await system.db.dataSource.query(
            `SELECT count(*)::int AS n FROM request_outcomes WHERE tracking_id LIKE 'load-%'`,
          )
        )[0].n as number,
      (n) => n >= 300,
      { timeoutMs: 90_000, what: '300 outcomes' },
    );
    expect(rows).toBe(300);
    const [{ customers, distinct }] = await system.db.dataSource.query(
      `SELECT count(*)::int AS customers, count(DISTINCT email)::int AS distinct FROM customers WHERE email LIKE 'load-%'`,
    );
    expect({ customers, distinct }).toEqual({ customers: 300, distinct: 300 });
    const [{ accepted }] = await system.db.dataSource.query(
      `SELECT count(*)::int AS accepted FROM request_outcomes WHERE tracking_id LIKE 'load-%' AND status = 'accepted'`,
    );
    expect(accepted).toBe(300);

    const created = await waitFor(
      async () =>
        (await kcatReadAll(system.topics.events)).filter(
          (r) => r.headers[CloudEventHeaders.type] === 'customers.customer-created',
        ),
      (records) => new Set(records.map((r) => r.key)).size >= 300,
      { timeoutMs: 60_000, what: '300 customer-created events' },
    );
    // At least once, with stable ids: as many distinct ids as customers.
    expect(new Set(created.map((r) => r.headers[CloudEventHeaders.id])).size).toBe(300);
  });

  it('turns readiness false as soon as SIGTERM arrives, while liveness holds, then exits cleanly', async () => {
    const api = await system.startApi({ SHUTDOWN_DRAIN_MS: '3000' });
    expect((await http('GET', `${api.url}/health/ready`)).status).toBe(200);
    api.signal('SIGTERM');
    const seen = await waitFor(
      async () => ({
        ready: await fetch(`${api.url}/health/ready`).then(
          (r) => r.status,
          () => 0,
        ),
        live: await fetch(`${api.url}/health/live`).then(
          (r) => r.status,
          () => 0,
        ),
      }),
      (status) => status.ready === 503,
      { timeoutMs: 2_500, intervalMs: 50, what: 'readiness to answer 503' },
    );
    expect(seen.live).toBe(200);
    const exit = await api.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });

  it('reports readiness of a worker from its consumer membership, and drops it on SIGTERM', async () => {
    const worker = await system.startWorker();
    const ready = await http<{ details: Record<string, { status: string; joined?: boolean }> }>(
      'GET',
      `${worker.url}/health/ready`,
    );
    expect(ready.status).toBe(200);
    expect(ready.body.details['kafka-consumer']).toMatchObject({ status: 'up', joined: true });
    const signalledAt = Date.now();
    worker.signal('SIGTERM');
    const exit = await worker.exited;
    // Well within the shutdown budget (20 s by default): stop fetching, finish, commit, leave.
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });

  it('exposes Prometheus metrics that promtool accepts: the events handled in workers, only HTTP and process metrics in the API', async () => {
    const worker = await system.startWorker();
    const api = await system.startApi();
    await http(
      'POST',
      `${api.url}/customers`,
      { name: 'Metric', email: 'metric@example.com', address },
      { Prefer: 'wait=10' },
    );
    for (const app of [worker, api]) {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      const dir = await mkdtemp(join(tmpdir(), 'metrics-'));
      await writeFile(join(dir, 'metrics.txt'), text);
      const { stdout, stderr } = await run('sh', [
        '-c',
        `promtool check metrics < ${join(dir, 'metrics.txt')}`,
      ]);
      expect(`${stdout}${stderr}`.trim()).toBe('');
    }
    // Earlier tests left other workers in the group: the event went to whichever owns its partition.
    const workers = system.apps.filter(
      (app) => app.running && app.name.startsWith('customers-worker'),
    );
    const texts = await Promise.all(
      workers.map(async (w) => (await fetch(`${w.url}/metrics`)).text()),
    );
    const workerText =
      texts.find((text) =>
        /events_handled_total\{[^}]*outcome="applied"[^}]*\} [1-9]/.test(text),
      ) ?? '';
    expect(workerText).toMatch(/events_handled_total\{[^}]*outcome="applied"[^}]*\} [1-9]/);
    expect(workerText).toMatch(
      /events_emitted_total\{topic="[^"]*customers\.events",type="customers\.customer-created"\} [1-9]/,
    );
    expect(workerText).toContain('batch_duration_seconds_bucket');
    expect(workerText).toContain('event_end_to_end_latency_seconds_count');
    expect(workerText).toMatch(/consumer_lag\{/);
    expect(workerText).toMatch(/outbox_backlog \d+/);
    const apiText = await (await fetch(`${api.url}/metrics`)).text();
    expect(apiText).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/customers"/);
    // An API exposes no family it never fills: dashboards and alerts would read an empty series.
    for (const family of [
      'events_handled_total',
      'events_emitted_total',
      'batch_duration_seconds',
      'event_end_to_end_latency_seconds',
      'consumer_lag',
      'dead_letter_events_total',
      'outbox_backlog',
    ])
      expect(apiText).not.toContain(`# TYPE ${family} `);
  });

  it('writes JSON log lines, and each line about a handled event carries its tracking id', async () => {
    await system.stopWorkers(); // this worker alone must handle the event
    const worker: AppProcess = await system.startWorker({ LOG_LEVEL: 'debug' });
    const api = await system.startApi();
    await http(
      'POST',
      `${api.url}/customers`,
      { name: 'Log', email: 'log@example.com', address },
      {
        'Idempotency-Key': 'log-line-1',
        Prefer: 'wait=10',
      },
    );
    const lines = worker.output.split('\n').filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const parsed = lines.map(
      (line) => JSON.parse(line) as { service?: string; trackingId?: string; eventId?: string },
    );
    expect(parsed.every((entry) => entry.service === 'customers-worker')).toBe(true);
    const aboutEvents = parsed.filter((entry) => entry.eventId !== undefined);
    expect(aboutEvents.some((entry) => entry.trackingId === 'log-line-1')).toBe(true);
    expect(aboutEvents.every((entry) => typeof entry.trackingId === 'string')).toBe(true);
  });

  it('refuses to start, naming the variable, when the configuration is bad', async () => {
    const app = await AppProcess.start('bad-config', 'customers/api', {
      KAFKA_BROKERS: '',
      DATABASE_URL: 'mysql://nope',
    });
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.output).toContain('KAFKA_BROKERS is required');
    expect(app.output).toContain('DATABASE_URL must be a postgresql:// URL');
  });
});
