import { EndpointLatency, LatencyResult } from '../scenarios/latency';
import { MaterializationResult } from '../scenarios/materialization';
import { met, n, ratio } from './format';
import type { BenchReport } from './report';

/** The rate at which a waited request's CPU and p99 are held to their bars. */
const LIGHT_RATE = 100;

/** The throughput bars, from the contenders of one run (absent contenders leave their rows out). */
export function throughputBars(byKey: ReadonlyMap<string, MaterializationResult>): string[] {
  const rate = (key: string) => byKey.get(key)?.eventsPerSecond;
  const [a1, a2, b, c, cg, a1r, a2r] = ['a1', 'a2', 'b', 'c', 'cg', 'a1r', 'a2r'].map(rate);
  const rows: string[] = [];
  if (a1 !== undefined) rows.push(`| a1 | ${n(a1)} events/s | ≥ 10,000/s: ${met(a1 >= 10_000)} |`);
  if (a1 !== undefined && c !== undefined)
    rows.push(`| a1 / c | ${ratio(a1, c)} | ≥ 0.9×: ${met(a1 >= 0.9 * c)} |`);
  if (cg !== undefined && c !== undefined)
    rows.push(`| cg / c (c with our guarantee writes) | ${ratio(cg, c)} | |`);
  if (a1 !== undefined && cg !== undefined) rows.push(`| a1 / cg | ${ratio(a1, cg)} | |`);
  if (a1 !== undefined && a2 !== undefined)
    rows.push(`| a2 / a1 | ${ratio(a2, a1)} | ≥ 1.2×: ${met(a2 >= 1.2 * a1)} |`);
  if (a1 !== undefined && b !== undefined)
    rows.push(`| a1 / b | ${ratio(a1, b)} | ≥ 10×: ${met(a1 >= 10 * b)} |`);
  if (a2 !== undefined && c !== undefined) rows.push(`| a2 / c | ${ratio(a2, c)} | |`);
  if (a1r !== undefined && a1 !== undefined)
    rows.push(`| a1r / a1 (librdkafka / kafkajs, 1 process) | ${ratio(a1r, a1)} | |`);
  if (a2r !== undefined && a2 !== undefined)
    rows.push(`| a2r / a2 (librdkafka / kafkajs, 2 processes) | ${ratio(a2r, a2)} | |`);
  return rows.length === 0 ? [] : ['| figure | value | bar |', '| --- | ---: | --- |', ...rows, ''];
}

/** The shared servers of the stack, whose CPU a request costs whatever the app's code does. */
const SERVERS = new Set(['kafka', 'postgres']);

/**
 * CPU milliseconds one request cost at `rate`, over every process but the load generator (or
 * over the roles `counted` keeps).
 */
export function cpuMsPerRequest(
  endpoint: EndpointLatency,
  rate = LIGHT_RATE,
  counted: (role: string) => boolean = (role) => role !== 'load generator',
): number | undefined {
  const run = endpoint.runs.find((r) => r.rate === rate);
  if (!run) return undefined;
  const percent = Object.entries(run.cpu)
    .filter(([role]) => counted(role))
    .reduce((sum, [, p]) => sum + p, 0);
  return (percent / 100) * (1000 / rate);
}

/** The request path's bars at the light rate: CPU per waited request against the baseline's, p99. */
export function requestCostBars(latency: LatencyResult): string[] {
  const baseline = latency.endpoints.find((e) => e.kind === 'baseline');
  const base = baseline && cpuMsPerRequest(baseline);
  const against = (cpu: number) =>
    `${cpu.toFixed(2)} / ${base?.toFixed(2) ?? '?'} ms = ${base ? ratio(cpu, base) : '?'}`;
  const rows = latency.endpoints
    .filter((e) => e.kind !== 'baseline')
    .flatMap((e) => {
      const cpu = cpuMsPerRequest(e);
      const run = e.runs.find((r) => r.rate === LIGHT_RATE);
      if (cpu === undefined || !run) return [];
      const p99 = run.p99;
      const servers = cpuMsPerRequest(e, LIGHT_RATE, (role) => SERVERS.has(role)) ?? 0;
      // The floor is what the bar is measured against, not held to it.
      const verdict =
        e.kind === 'floor' ? '' : ` ≤ 2×: ${met(base !== undefined && cpu <= 2 * base)}`;
      return [
        `| ${e.endpoint}: CPU per request / baseline's | ${against(cpu)} |${verdict} |`,
        // Kafka's and PostgreSQL's share alone, before the API and the worker count: while it is
        // twice the baseline's whole cost, a faster API or worker cannot meet the bar above; only
        // fewer requests to those servers can (a fetch that waits, fewer statements per event).
        `| ${e.endpoint}: Kafka + PostgreSQL alone / baseline's | ${against(servers)} | |`,
        ...(e.kind === 'floor'
          ? []
          : [
              `| ${e.endpoint}: p99 | ${p99 ?? 'no answer'} ms | ≤ 50 ms: ${met(p99 !== null && p99 <= 50)} |`,
            ]),
      ];
    });
  if (rows.length === 0) return [];
  const floor = latency.endpoints.some((e) => e.kind === 'floor');
  return [
    `At ${LIGHT_RATE} requests/s, the CPU of the API, the worker, PostgreSQL and Kafka per request ` +
      '(the load generator left out), against the same for the synchronous baseline:',
    '',
    '| figure | value | bar |',
    '| --- | ---: | --- |',
    ...rows,
    '',
    ...(floor
      ? [
          'The floor is our API answered by the hand-written contender c instead of our worker: one ' +
            'transaction of four statements announcing each outcome, no claim, no outbox, no position. ' +
            'What a waited request costs with it is what it costs behind our API with the least a worker ' +
            "can do; while its Kafka and PostgreSQL share plus an API as cheap as the baseline's exceed " +
            'twice the baseline, no worker meets the bar.',
          '',
        ]
      : []),
  ];
}

/** Both Kafka clients side by side, from the scenarios that ran on each. */
export function clientsSection(report: BenchReport): string[] {
  const byKey = new Map(report.materialization.map((r) => [r.key, r]));
  const clients = ['kafkajs', 'librdkafka'];
  const suffix = (client: string) => (client === 'librdkafka' ? 'r' : '');
  const rows = clients.map((client) => {
    const a1 = byKey.get(`a1${suffix(client)}`);
    const a2 = byKey.get(`a2${suffix(client)}`);
    const waited = report.latency.endpoints.find((e) => e.client === client);
    const p50p99 = (waited?.runs ?? [])
      .map((r) => `${r.rate}/s: ${r.p50 ?? '–'} / ${r.p99 ?? '–'}`)
      .join('; ');
    const cpu = waited && cpuMsPerRequest(waited);
    const recovery = report.recovery.find((r) => r.client === client);
    return (
      `| ${client} | ${a1 ? n(a1.eventsPerSecond) : '–'} | ${a2 ? n(a2.eventsPerSecond) : '–'} | ` +
      `${p50p99 || '–'} | ${cpu?.toFixed(2) ?? '–'} | ` +
      `${recovery ? `${recovery.firstCommitSeconds.toFixed(1)} / ${recovery.drainSeconds.toFixed(1)}` : '–'} |`
    );
  });
  return [
    '## 5. The two Kafka clients',
    '',
    'The same worker and API on kafkajs and on librdkafka (`KAFKA_CLIENT`, KIP-848 group protocol), ' +
      'from the runs above:',
    '',
    '| client | a1 events/s | a2 events/s | Prefer: wait p50 / p99 (ms) | CPU ms per request at 100/s | after a SIGKILL: first commit / drained (s) |',
    '| --- | ---: | ---: | --- | ---: | --- |',
    ...rows,
    '',
  ];
}
