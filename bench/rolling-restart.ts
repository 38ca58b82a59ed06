import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ThrowawayKafka } from '@app/testing';
import { withKeptSection } from './report/kept-section';
import { measureRollingRestart, RollingRestartResult } from './scenarios/rolling-restart';

/** The clients and group protocols a rollout is measured on, as the worker's environment. */
const SUBJECTS: readonly [string, Record<string, string>][] = [
  ['kafkajs (classic, eager)', { KAFKA_CLIENT: 'kafkajs' }],
  ['librdkafka (KIP-848)', { KAFKA_CLIENT: 'librdkafka', KAFKA_GROUP_PROTOCOL: 'consumer' }],
  [
    'librdkafka (classic, cooperative-sticky)',
    { KAFKA_CLIENT: 'librdkafka', KAFKA_GROUP_PROTOCOL: 'classic' },
  ],
];

/**
 * Measures a rolling restart of 3 customers workers under 200 commands/s on each client
 * (BENCH_ROLLING_RUNS runs each, 1 by default), prints one Markdown row per run, and writes the
 * table into its section of docs/benchmarks.md (BENCH_OUT for another folder).
 */
async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_ROLLING_RUNS ?? 1);
  const out = join(process.env.BENCH_OUT ?? 'docs', 'benchmarks.md');
  const started = new Date();
  process.stdout.write(`${HEADER}\n`);
  const rows: string[] = [];
  // A broker of its own, with the local stack's KIP-848 timings whatever the running stack has.
  const broker = new ThrowawayKafka();
  await broker.start();
  process.env.KAFKA_BROKERS = broker.broker;
  try {
    for (let i = 0; i < runs; i++) {
      for (const [label, env] of SUBJECTS) {
        const line = row(await measureRollingRestart(label, env));
        rows.push(line);
        process.stdout.write(`${line}\n`);
      }
    }
  } finally {
    await broker.destroy();
  }
  const doc = await readFile(out, 'utf8').catch(() => '# Benchmarks\n');
  await writeFile(out, withKeptSection(doc, section(started, rows)));
}

function section(started: Date, rows: readonly string[]): string {
  return [
    '## 6. Rolling restart',
    '',
    `Written by \`npm run bench:rolling\` on ${started.toISOString().slice(0, 10)}: ` +
      `${cpus().length} cores, Node ${process.version}, Kafka and PostgreSQL on the same machine. ` +
      'Three customers workers of one group (12 partitions) take a steady 200 create commands/s; ' +
      'after 15 s they are replaced one at a time as a Kubernetes rollout with maxSurge 1 and ' +
      'maxUnavailable 0 does: start a new worker, wait until it is ready, SIGTERM an old one, ' +
      'wait until it exited. The broker is one of its own (`ThrowawayKafka`) with the KIP-848 ' +
      'timings of the local stack: heartbeat interval 1 s, session timeout 10 s ' +
      '(`group.consumer.*`; Kafka defaults 5 s and 45 s). Ten seconds after the rollout one ' +
      'worker is SIGKILLed, and its partitions are watched for a minute: the stall is the ' +
      "session timeout at work (30 s on kafkajs and librdkafka's classic protocol, the broker's " +
      '10 s under KIP-848). Latency runs from the send to the outcome row (the start of its ' +
      'transaction); "before" is the commands sent before the first step, "during" those sent ' +
      'during the rollout. A partition is stalled when it gets no outcome for more than 1 s ' +
      '(at this rate it gets one about every 60 ms); it was kept in a step when the same worker ' +
      "held it at the step's start and end (readiness answers name each worker's partitions), " +
      'moved otherwise. The load column is the 1-minute load ' +
      "average at each run's start and end: the machine was shared with other work, so compare " +
      'the rows with each other, not with another machine.',
    '',
    HEADER,
    ...rows,
  ].join('\n');
}

const HEADER =
  '| client (protocol) | rollout | longest gap, any outcome | longest stall, kept partition | longest stall, moved partition | ' +
  'stalled > 1 s per step, kept + moved | before p50 / p99 / max | during p50 / p99 / max | after a SIGKILL, longest stall | sent | lost | duplicated | load (start, end) |\n' +
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

function row(r: RollingRestartResult): string {
  const ms = (l: RollingRestartResult['before']) => `${l.p50} / ${l.p99} / ${l.max} ms`;
  const cells = [
    r.label,
    `${r.rolloutSeconds.toFixed(1)} s`,
    `${r.longestGapMs} ms`,
    `${r.longestKeptStallMs} ms`,
    `${r.longestMovedStallMs} ms`,
    r.stalledPerStep.map((step) => `${step.kept} + ${step.moved}`).join(' / '),
    ms(r.before),
    ms(r.during),
    `${(r.killStallMs / 1000).toFixed(1)} s`,
    r.sent,
    r.lost,
    r.duplicated,
    `${r.load[0].toFixed(1)}, ${r.load[1].toFixed(1)}`,
  ];
  const problems = r.problems.length > 0 ? ` <!-- ${r.problems.join('; ')} -->` : '';
  return `| ${cells.join(' | ')} |${problems}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
