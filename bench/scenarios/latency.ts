import { mkdir, mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { customersMigrations } from '@app/customers';
import { AppProcess, createTestDatabase, freePort, TestDatabase, waitFor } from '@app/testing';
import { withBenchRun } from '../lib/bench-run';
import { startContender, stopAll } from '../lib/contender';
import { raw, withSettings } from '../lib/contenders';
import { CpuSummary, summarizeCpuProfiles } from '../lib/cpu-profile';
import { InspectorProfiler } from '../lib/inspector-profile';
import { LoadResult, postCustomersAt } from '../lib/load';
import { cpuBetween, cpuByRole, peakRssMiB, Roles, stackRoles } from '../lib/process-stats';

/** One run at a fixed rate, with the CPU each process used meanwhile (percent of one core). */
export interface LatencyRun extends LoadResult {
  readonly cpu: Record<string, number>;
  /** The machine's 1-minute load average when the run started. */
  readonly loadBefore: number;
}

/** One endpoint's answers at each rate, and whether its rows match its successful answers. */
export interface EndpointLatency {
  readonly endpoint: string;
  /**
   * Ours (API and worker on one Kafka client), the floor (our API answered by contender c, see
   * `FLOOR`), or the synchronous baseline.
   */
  readonly kind: 'ours' | 'floor' | 'baseline';
  /** Ours: the Kafka client, as given (with its settings, if any). */
  readonly client?: string;
  readonly runs: LatencyRun[];
  /** Rows in the endpoint's customers table after all runs. */
  readonly rows: number;
  /** Requests answered 201 (created) over all runs. */
  readonly created: number;
  readonly problems: string[];
  /**
   * Where each process (`api`, `worker`) spent its CPU in a further run at `PROFILED_RATE` under
   * the profiler, when profiles were asked for; no measured run is profiled.
   */
  readonly profiles?: Record<string, CpuSummary>;
  /** Peak RSS of the endpoint's processes under this load, by role. */
  readonly peakRssMiB: Record<string, number | undefined>;
}

/** The request-latency scenario's result: ours on each client, then the baseline. */
export interface LatencyResult {
  readonly endpoints: EndpointLatency[];
}

const WARM_UP = { rate: 100, seconds: 3 };

/** The rate of the profiled run: the light rate the request-cost bars are held to. */
export const PROFILED_RATE = 100;

/**
 * The client name that stands for the request path's floor: our API (on kafkajs) answered by the
 * hand-written contender c instead of our worker, announcing each outcome as our worker does but
 * making none of its guarantee writes and publishing through no outbox. What a waited request
 * costs with it is what any worker behind our API costs at the least.
 */
export const FLOOR = 'c';

/** How the scenario runs beside its rates. */
export interface LatencyOptions {
  /** The Kafka clients our API and worker run on, each with its settings, if any; `FLOOR` for the floor. */
  readonly clients?: readonly string[];
  /** Whether to profile each endpoint's processes in one more run at `PROFILED_RATE`. */
  readonly profile?: boolean;
}

/**
 * Drives `POST /customers` at each rate: on the customers API with `Prefer: wait=5` (one API, one
 * worker) on each Kafka client of `clients` (a client may carry settings of the API's and the
 * worker's environment after a colon, `kafkajs:KAFKA_FETCH_MIN_BYTES=16384`), then on a baseline that inserts the row
 * synchronously before answering.
 */
export async function measureLatency(
  rates: readonly number[],
  seconds: number,
  { clients = ['kafkajs'], profile = false }: LatencyOptions = {},
): Promise<LatencyResult> {
  const endpoints: EndpointLatency[] = [];
  for (const client of clients) endpoints.push(await measureOurs(rates, seconds, client, profile));
  endpoints.push(await measureBaseline(rates, seconds, profile));
  return { endpoints };
}

/** Our API and worker, both on `client`, on topics and a schema of their own. */
function measureOurs(
  rates: readonly number[],
  seconds: number,
  client: string,
  profile: boolean,
): Promise<EndpointLatency> {
  return withBenchRun(12, async (run) => {
    const { name, env: settings } = withSettings(client);
    const floor = name === FLOOR;
    const env = { ...settings, KAFKA_CLIENT: floor ? 'kafkajs' : name };
    const inspectors = profile ? { api: await freePort(), worker: await freePort() } : undefined;
    const worker = await startContender(
      floor
        ? { ...raw, key: 'worker', env: { ...raw.env, ...settings, ANNOUNCE: '1' } }
        : { key: 'worker', label: 'worker', processes: 1, entry: 'customers/worker', env },
      run.names,
      inspectorArgs(inspectors?.worker),
    );
    const api = await startContender(
      { key: 'api', label: 'api', processes: 1, entry: 'customers/api', env },
      run.names,
      inspectorArgs(inspectors?.api),
    );
    try {
      await Promise.all([floor ? printed(worker[0], 'ready') : worker[0].ready(), api[0].ready()]);
      const roles = {
        ...(await stackRoles()),
        api: async () => [api[0].pid],
        worker: async () => [worker[0].pid],
      };
      const headers = { prefer: 'wait=5' };
      const runs = await drive(api[0].url, run.db, roles, rates, seconds, headers);
      const rss = { api: await peakRssMiB(api[0].pid), worker: await peakRssMiB(worker[0].pid) };
      const endpoint = `POST /customers, Prefer: wait=5, ${floor ? `our API + worker ${client}` : client}`;
      // Settled before the profiled run, whose rows the measured runs' count knows nothing of.
      const settled = await settle(endpoint, runs, run.db);
      const profiles = inspectors && (await profiledRun(api[0].url, inspectors, seconds, headers));
      const kind = floor ? 'floor' : 'ours';
      return { ...settled, kind, client, peakRssMiB: rss, profiles };
    } finally {
      await stopAll([...worker, ...api]);
    }
  });
}

/** The synchronous baseline: validates the same body and inserts the row before answering. */
async function measureBaseline(
  rates: readonly number[],
  seconds: number,
  profile: boolean,
): Promise<EndpointLatency> {
  return withBenchRun(12, async (run) => {
    const sync = await createTestDatabase(customersMigrations);
    const inspectors = profile ? { api: await freePort() } : undefined;
    const syncApi = await startContender(
      { key: 'sync', label: 'sync', processes: 1, entry: 'bench/contenders/sync-api/main.ts' },
      { ...run.names, schema: sync.schema },
      inspectorArgs(inspectors?.api),
    );
    try {
      await printed(syncApi[0], 'ready');
      const roles = { ...(await stackRoles()), api: async () => [syncApi[0].pid] };
      const runs = await drive(syncApi[0].url, sync, roles, rates, seconds);
      const rss = { api: await peakRssMiB(syncApi[0].pid) };
      const endpoint = 'baseline: synchronous INSERT';
      const settled = await settle(endpoint, runs, sync);
      const profiles = inspectors && (await profiledRun(syncApi[0].url, inspectors, seconds));
      return { ...settled, kind: 'baseline', peakRssMiB: rss, profiles };
    } finally {
      await stopAll(syncApi);
      await sync.drop();
    }
  });
}

/**
 * Runs a warm-up, then each rate; returns every run, the warm-up first. Before each run the
 * endpoint's rows stop growing, so that no run pays for the backlog of the one before.
 */
async function drive(
  url: string,
  db: TestDatabase,
  roles: Roles,
  rates: readonly number[],
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LatencyRun[]> {
  const runs: LatencyRun[] = [];
  for (const { rate, seconds: s } of [WARM_UP, ...rates.map((r) => ({ rate: r, seconds }))]) {
    await quiet(db);
    const loadBefore = loadavg()[0];
    const before = await cpuByRole(roles);
    const started = process.cpuUsage();
    const result = await postCustomersAt(url, rate, s, headers);
    const own = process.cpuUsage(started);
    const after = await cpuByRole(roles);
    const percent = (used: number) => Math.round((100 * used) / s);
    const cpu = Object.fromEntries(
      Object.entries(cpuBetween(before, after)).map(([role, used]) => [role, percent(used)]),
    );
    runs.push({
      ...result,
      loadBefore,
      cpu: { 'load generator': percent((own.user + own.system) / 1e6), ...cpu },
    });
  }
  return runs;
}

/** The node arguments that open a process's inspector on `port` (none without a port). */
function inspectorArgs(port: number | undefined): string[] {
  return port === undefined ? [] : [`--inspect=127.0.0.1:${port}`];
}

/**
 * One more run at `PROFILED_RATE` with each process of `inspectors` (role: inspector port)
 * profiled from its first request to its last; returns where each spent its CPU.
 */
async function profiledRun(
  url: string,
  inspectors: Record<string, number>,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<Record<string, CpuSummary>> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-latency-profile-'));
  const roles = Object.keys(inspectors);
  const profilers = await Promise.all(
    roles.map((role) => InspectorProfiler.attach(inspectors[role])),
  );
  try {
    await Promise.all(profilers.map((profiler) => profiler.start()));
    await postCustomersAt(url, PROFILED_RATE, seconds, headers);
    const summaries: Record<string, CpuSummary> = {};
    for (const [i, role] of roles.entries()) {
      await mkdir(join(dir, role));
      await profilers[i].stop(join(dir, role, `${role}.cpuprofile`));
      summaries[role] = await summarizeCpuProfiles(join(dir, role), PROFILE_TOP);
    }
    return summaries;
  } finally {
    profilers.forEach((profiler) => profiler.close());
  }
}

/** Functions and packages a profile summary lists. */
const PROFILE_TOP = Number(process.env.BENCH_PROFILE_TOP ?? 20);

/** Waits until the customers table has not grown for 2 s (at most a minute). */
async function quiet(db: TestDatabase): Promise<void> {
  const count = () => customerRows(db);
  const deadline = Date.now() + 60_000;
  let last = await count();
  let stableSince = Date.now();
  while (Date.now() - stableSince < 2_000 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await count();
    if (now !== last) [last, stableSince] = [now, Date.now()];
  }
}

/**
 * Checks that every accepted request (201, or 202 when a wait ran out) left its row and that no
 * request left two (requests still in flight when a run ended may have theirs, unanswered);
 * reports the runs after the warm-up.
 */
async function settle(
  endpoint: string,
  [warmUp, ...runs]: LatencyRun[],
  db: TestDatabase,
): Promise<Omit<EndpointLatency, 'kind' | 'client' | 'peakRssMiB'>> {
  const answered = (code: string) =>
    [warmUp, ...runs].reduce((sum, r) => sum + (r.statuses[code] ?? 0), 0);
  const created = answered('201');
  const accepted = created + answered('202');
  const sent = [warmUp, ...runs].reduce((sum, r) => sum + r.sent, 0);
  const rows = await waitFor(
    () => customerRows(db),
    (n) => n >= accepted,
    { timeoutMs: 30_000, what: `${accepted} rows` },
  ).catch(() => -1);
  const problems =
    rows >= accepted && rows <= sent
      ? []
      : [`${rows} rows for ${accepted} accepted and ${sent} sent requests`];
  problems.push(
    ...runs.flatMap((r) => {
      const other = Object.entries(r.statuses).filter(([code]) => code !== '201');
      return [
        ...(r.errors > 0 ? [`${r.errors} errors at ${r.rate}/s`] : []),
        ...other.map(([code, count]) => `${count} answers ${code} at ${r.rate}/s`),
      ];
    }),
  );
  return { endpoint, runs, rows, created, problems };
}

async function customerRows(db: TestDatabase): Promise<number> {
  const [row] = await db.dataSource.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM ${db.schema}.customers`,
  );
  return Number(row.n);
}

/** Waits until a process printed `text` (processes without a readiness endpoint). */
async function printed(app: AppProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!app.output.includes(text)) {
    if (!app.running || Date.now() > deadline)
      throw new Error(`${app.name} did not print '${text}':\n${app.output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
