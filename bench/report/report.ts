import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CpuSummary } from '../lib/cpu-profile';
import { StatementCost } from '../lib/pg-statements';
import { REQUEST_TIMEOUT_MS } from '../lib/load';
import { KafkaFloorResult } from '../scenarios/kafka-floor';
import { LatencyResult } from '../scenarios/latency';
import { MaterializationResult } from '../scenarios/materialization';
import { PaymentsBenchResult, paymentsSection } from '../scenarios/payments';
import { RecoveryResult } from '../scenarios/recovery';
import { barChartSvg } from './chart';
import { clientsSection, requestCostBars, throughputBars } from './bars';
import { n } from './format';
import { keptSectionOf, withKeptSection } from './kept-section';

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  readonly date: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly settings: Record<string, unknown>;
  readonly materialization: MaterializationResult[];
  readonly nestProbes: { concurrency: number; eventsPerSecond: number }[];
  readonly kafkaFloor: KafkaFloorResult;
  readonly latency: LatencyResult;
  /** One per Kafka client. */
  readonly recovery: RecoveryResult[];
  /** Absent from reports written before the payments service. */
  readonly payments?: PaymentsBenchResult;
  readonly profile?: CpuSummary & { events: number; statements: StatementCost[] };
  readonly minutes: number;
}

/** Writes benchmarks.md, benchmarks.svg and benchmarks.json into `dir`. */
export async function writeReport(report: BenchReport, dir: string): Promise<void> {
  await writeFile(join(dir, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, 'benchmarks.svg'), chart(report));
  const path = join(dir, 'benchmarks.md');
  // The rolling-restart section is written by its own runner: keep it.
  const kept = keptSectionOf(await readFile(path, 'utf8').catch(() => ''));
  await writeFile(path, kept ? withKeptSection(markdown(report), kept) : markdown(report));
}

function chart(report: BenchReport): string {
  const ours = report.latency.endpoints.find((e) => e.kind === 'ours');
  const baseline = report.latency.endpoints.find((e) => e.kind === 'baseline');
  return barChartSvg([
    {
      title: 'Materialization throughput (higher is better)',
      unit: 'events/s',
      bars: report.materialization.map((r) => ({
        label: `${r.key}: ${shortLabel(r.label)}`,
        value: r.eventsPerSecond,
      })),
    },
    {
      title: 'POST /customers, p99 latency (lower is better)',
      unit: 'ms',
      bars: (ours?.runs ?? []).flatMap((run, i) => [
        p99Bar(`Prefer: wait, ${run.rate}/s`, run.p99),
        ...(baseline?.runs[i]
          ? [p99Bar(`synchronous INSERT, ${run.rate}/s`, baseline.runs[i].p99)]
          : []),
      ]),
    },
  ]);
}

/** A p99 bar; one that only unanswered requests reach is drawn at the timeout, and says so. */
function p99Bar(label: string, p99: number | null): { label: string; value: number } {
  return p99 === null
    ? { label: `${label}, timed out`, value: REQUEST_TIMEOUT_MS }
    : { label, value: p99 };
}

function shortLabel(label: string): string {
  return label.replace(/ \(.*\)$/, '').replace(', per-message transaction', '');
}

function markdown(report: BenchReport): string {
  const byKey = new Map(report.materialization.map((r) => [r.key, r]));
  const a1 = byKey.get('a1');
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (see [bench/README.md](../bench/README.md)) on ${report.date.slice(0, 10)}, ` +
      `in ${report.minutes.toFixed(1)} minutes: ${report.cores} cores (${report.cpuModel}), Node ${report.node}, ` +
      'with Kafka and PostgreSQL on the same machine (`tools/stack/up`). Every figure comes from that one ' +
      'run; compare the ratios, which hold better than absolute numbers on a shared machine.',
    '',
    '![Throughput and latency](benchmarks.svg)',
    '',
    '## 1. Materialization throughput',
    '',
    'Each contender gets its own topics (12 partitions), consumer group and schema, and a backlog of ' +
      'create-customer commands with distinct keys, each tracked. The time runs from the first outcome ' +
      "recorded to the moment the group's committed offsets reach the end of the input: every command " +
      'materialized, its outcome stored, its output event published, its offset committed. Then the ' +
      'effects are counted: customer rows, outcomes, distinct output events (read back with kcat) and ' +
      'committed offsets must each equal the number of commands, or the run is reported as failed.',
    '',
    '| contender | load before | events | seconds | events/s | peak RSS (MiB) | extra output copies | verified |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.materialization.map(
      (r) =>
        `| ${r.key}: ${r.label} | ${r.loadBefore.toFixed(2)} | ${n(r.events)} | ${r.seconds.toFixed(1)} | ` +
        `${n(r.eventsPerSecond)} | ${r.peakRssMiB.map((v) => v ?? '?').join(' + ')} | ${r.duplicates} | ` +
        `${r.problems.length === 0 ? 'yes' : `**no**: ${r.problems.join('; ')}`} |`,
    ),
    '',
    'Where the two cores went: CPU time per event (µs) of each part from the first outcome to the ' +
      'last commit, as the time above. The contender is the worker or loop being measured; Kafka is ' +
      'the broker; PostgreSQL is every backend; the benchmark process polls the committed offsets. Their sum times the rate, against 200% for two ' +
      'cores, tells how busy the machine was and which part took it. The load average before each ' +
      'run says whether something else was using the machine.',
    '',
    '| contender | contender | Kafka | PostgreSQL | benchmark process | sum × events/s (of 200%) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.materialization.map((r) => {
      const cpu = r.cpuMicrosPerEvent;
      const own = cpu[r.key] ?? 0;
      const sum = own + (cpu.kafka ?? 0) + (cpu.postgres ?? 0) + (cpu.bench ?? 0);
      return (
        `| ${r.key} | ${own.toFixed(1)} | ${(cpu.kafka ?? 0).toFixed(1)} | ${(cpu.postgres ?? 0).toFixed(1)} | ` +
        `${cpu.bench === undefined ? '–' : cpu.bench.toFixed(1)} | ` +
        `${Math.round((sum * r.eventsPerSecond) / 1e4)}% |`
      );
    }),
    '',
  ];
  lines.push(...throughputBars(byKey));
  lines.push(
    `NestJS's transport runs one transaction per message, so it gets a sample of ` +
      `${n(Number(report.settings.nestEvents))} commands (its rate does not depend on the backlog). ` +
      '`partitionsConsumedConcurrently` was probed first; the best value was used:',
    '',
    '| partitionsConsumedConcurrently | events/s |',
    '| ---: | ---: |',
    ...report.nestProbes.map((p) => `| ${p.concurrency} | ${n(p.eventsPerSecond)} |`),
    '',
    'What the contenders do: **a** is `apps/customers/worker` as shipped (batch handler, outbox, ' +
      'positions, outcomes with NOTIFY). **b** (`bench/contenders/nest-transport`) is `ServerKafka` with ' +
      '`autoCommit: false` and an `@EventPattern` handler that, per message, runs a TypeORM transaction ' +
      '(deduplication by tracking id, the same checks and insert, the outcome row), produces the output ' +
      'event through `ClientKafka` and then commits offset + 1. **c** (`bench/contenders/raw-kafkajs`) is ' +
      'kafkajs `eachBatch` + `pg` with the same checks in two multi-row reads and two multi-row inserts per ' +
      "chunk of 500, then one produce and the commit, the next chunk's transaction overlapping that produce " +
      'and commit. b and c have no outbox: after a crash they republish outputs rebuilt from the stored ' +
      'outcomes, which works for this one handler but not in general.' +
      (byKey.has('cg')
        ? " **cg** is c paying for the writes our worker's guarantees take " +
          "(`bench/contenders/raw-kafkajs/guarantee-writes.ts`): each event's source and id claimed, the " +
          'outputs stored in the outbox and deleted once produced, the position moved, each outcome ' +
          'announced by NOTIFY. cg against c is what those writes cost; a1 against cg, what the rest of ' +
          'our worker costs.'
        : ''),
    '',
    ...kafkaFloorSection(report.kafkaFloor),
    '## 2. Request latency',
    '',
    `\`POST /customers\` at fixed rates (${report.settings.rateSeconds} s per rate, after a warm-up), ` +
      'each request a new customer: on the customers API with `Prefer: wait=5` (one API process, ' +
      'one worker; the request goes through Kafka, the worker, PostgreSQL and back by NOTIFY), on the ' +
      'same API answered by contender c instead of our worker (the floor, below), and on a ' +
      'baseline that validates the same body and inserts the row before answering (`bench/contenders/sync-api`). ' +
      "The load is open-loop (loadtest's `requestsPerSecond`): a request leaves every 1/rate s whether or " +
      'not the earlier ones were answered, so a server that falls behind shows it in its latency; a run ' +
      'starts only once the rows of the one before stopped growing. CPU is percent of one core over the ' +
      'run (the machine has 200%).',
    '',
    '| endpoint | rate (req/s) | load before | answered | p50 (ms) | p99 (ms) | max (ms) | errors | statuses | CPU % |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  );
  for (const endpoint of report.latency.endpoints) {
    for (const run of endpoint.runs) {
      lines.push(
        `| ${endpoint.endpoint} | ${run.rate} | ${run.loadBefore?.toFixed(2) ?? '?'} | ${n(run.requests)} | ${latency(run.p50)} | ${latency(run.p99)} | ${run.max} | ` +
          `${run.errors} | ${Object.entries(run.statuses)
            .map(([code, count]) => `${code}: ${count}`)
            .join(', ')} | ${Object.entries(run.cpu)
            .map(([role, percent]) => `${role} ${percent}`)
            .join(', ')} |`,
      );
    }
  }
  lines.push(
    '',
    ...report.latency.endpoints.map(
      (e) =>
        `- ${e.endpoint}: ${n(e.rows)} rows for ${n(e.created)} answers 201` +
        (e.problems.length === 0
          ? ' (every accepted request has its row)'
          : `; ${e.problems.join('; ')}`),
    ),
    '',
    ...requestCostBars(report.latency),
    '## 3. Footprint and recovery',
    '',
    '| process | peak RSS (MiB) |',
    '| --- | ---: |',
    ...(a1
      ? [`| worker draining ${n(a1.events)} commands (a1) | ${a1.peakRssMiB[0] ?? '?'} |`]
      : []),
    ...report.latency.endpoints.flatMap((e) =>
      Object.entries(e.peakRssMiB).map(
        ([role, mib]) => `| ${role} of ${e.endpoint}, under the latency runs | ${mib ?? '?'} |`,
      ),
    ),
    '',
    ...report.recovery.map(
      (r) =>
        `On ${r.client}: a worker was SIGKILLed with ${n(r.committedAtKill)} of ${n(r.events)} commands ` +
        `committed, and a new one started at once (session timeout ${r.sessionTimeoutMs / 1000} s: the ` +
        `dead member keeps its partitions until then). The new worker committed its first batch ` +
        `${r.firstCommitSeconds.toFixed(1)} s after its start and drained the backlog in ` +
        `${r.drainSeconds.toFixed(1)} s. Effects: ` +
        (r.problems.length === 0
          ? `every command applied and answered once, every output published (${r.duplicates} extra copies from the kill).`
          : `**${r.problems.join('; ')}**.`),
    ),
    '',
  );
  if (report.payments) lines.push(...paymentsSection(report.payments));
  lines.push(...clientsSection(report));
  if (report.profile) {
    lines.push(
      '## Profile of our worker',
      '',
      `A separate run of one worker process on ${n(report.profile.events)} commands (profiling slows a ` +
        'process, so the measured runs above are not profiled). CPU self time (`node --cpu-prof`, ' +
        'start-up and ts-node compiling included) by package, then the hottest functions:',
      '',
      '| package | self time |',
      '| --- | ---: |',
      ...report.profile.packages.map((p) => `| ${p.name} | ${p.percent.toFixed(1)}% |`),
      '',
      '| function | where | self time |',
      '| --- | --- | ---: |',
      ...report.profile.functions.map(
        (f) => `| ${f.name} | ${f.where} | ${f.selfPercent.toFixed(1)}% |`,
      ),
      '',
      'PostgreSQL statements by total execution time during that run (`pg_stat_statements`):',
      '',
      '| calls | total (ms) | mean (ms) | rows | statement |',
      '| ---: | ---: | ---: | ---: | --- |',
      ...report.profile.statements.map(
        (s) =>
          `| ${s.calls} | ${n(s.totalMs)} | ${s.meanMs.toFixed(2)} | ${n(s.rows)} | \`${s.query.replace(/\|/g, '\\|')}\` |`,
      ),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

function kafkaFloorSection(floor: KafkaFloorResult): string[] {
  const { consume, produce } = floor;
  // A worker consumes and produces each event at least once, on the same CPU.
  const both = 1 / (1 / consume.eventsPerSecond + 1 / produce.eventsPerSecond);
  return [
    '### What kafkajs alone does here',
    '',
    `The same ${n(floor.events)} commands, with no database and no handler: consumed with kafkajs ` +
      '`eachBatch` and dropped, then produced again with their keys and CloudEvents headers (`acks: -1`, ' +
      'sends of 500, 4 in flight), in the benchmark process (`bench/scenarios/kafka-floor.ts`).',
    '',
    '| kafkajs alone | events/s | CPU per event (µs) |',
    '| --- | ---: | ---: |',
    `| consume | ${n(consume.eventsPerSecond)} | ${consume.cpuMicrosPerEvent.toFixed(1)} |`,
    `| produce | ${n(produce.eventsPerSecond)} | ${produce.cpuMicrosPerEvent.toFixed(1)} |`,
    `| consume, then produce (one after the other) | ${n(both)} | ` +
      `${(consume.cpuMicrosPerEvent + produce.cpuMicrosPerEvent).toFixed(1)} |`,
    '',
    'Any worker on kafkajs does both for each event before it touches PostgreSQL, so the last line ' +
      'is a ceiling for one process on this machine, whatever the worker does.',
    '',
  ];
}

/** A latency percentile in milliseconds; null when only unanswered requests reach it. */
function latency(ms: number | null): string {
  return ms === null ? `≥ ${n(REQUEST_TIMEOUT_MS)} (no answer)` : String(ms);
}
