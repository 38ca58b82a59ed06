import { cpus } from 'node:os';
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
 * Measures a rolling restart of 3 customers workers under 200 commands/s on each client, and
 * prints one Markdown row per run (BENCH_ROLLING_RUNS runs each, 1 by default).
 */
async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_ROLLING_RUNS ?? 1);
  const only = process.env.BENCH_ROLLING_ONLY;
  process.stdout.write(`${cpus().length} cores\n\n${HEADER}\n`);
  for (let i = 0; i < runs; i++) {
    for (const [label, env] of SUBJECTS) {
      if (only && !label.startsWith(only)) continue;
      process.stdout.write(`${row(await measureRollingRestart(label, env))}\n`);
    }
  }
}

const HEADER =
  '| client (protocol) | rollout | longest gap, any outcome | longest stall, one partition | ' +
  'before p50 / p99 / max | during p50 / p99 / max | sent | lost | duplicated | load (start, end) |\n' +
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

function row(r: RollingRestartResult): string {
  const ms = (l: RollingRestartResult['before']) => `${l.p50} / ${l.p99} / ${l.max} ms`;
  const cells = [
    r.label,
    `${r.rolloutSeconds.toFixed(1)} s`,
    `${r.longestGapMs} ms`,
    `${r.longestPartitionStallMs} ms`,
    ms(r.before),
    ms(r.during),
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
