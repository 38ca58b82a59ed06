import { cpus, loadavg } from 'node:os';
import { Contender } from './lib/contender';
import { CONTENDERS, withSettings } from './lib/contenders';
import { MaterializationProfile, profileMaterialization } from './lib/profile';
import { MaterializationResult, measureMaterialization } from './scenarios/materialization';

/**
 * The materialization scenario alone, for working on throughput: the contenders of
 * BENCH_CONTENDERS (keys of `CONTENDERS`, default `c,a1,a1r,a2`, each with settings of its own
 * after a colon: `a1:WORKER_CONCURRENCY=8`) alternated BENCH_ROUNDS times
 * (default 2) on backlogs of BENCH_EVENTS commands (default 50,000). Prints one Markdown row per
 * run, with the load average before it and the CPU per event of every process, then each
 * contender's ratio to the first one of the same round; with BENCH_PROFILE_CONTENDER=<key>, one more run
 * of that contender under the CPU profiler and pg_stat_statements. Exits 1 when a run lost or duplicated.
 */
async function main(): Promise<void> {
  const env = process.env;
  const events = Number(env.BENCH_EVENTS ?? 50_000);
  const rounds = Number(env.BENCH_ROUNDS ?? 2);
  const keys = (env.BENCH_CONTENDERS ?? 'c,a1,a1r,a2').split(',');
  const contenders = keys.map(variant);
  process.stdout.write(
    `${cpus().length} cores, Node ${process.version}, ${events} events, ${rounds} round(s)\n\n` +
      '| round | contender | events/s | × first | seconds | load before | CPU µs/event | verified |\n' +
      '| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |\n',
  );
  let failed = false;
  for (let round = 1; round <= rounds; round++) {
    let first: MaterializationResult | undefined;
    for (const contender of contenders) {
      const result = await measureMaterialization(contender, events);
      first ??= result;
      failed ||= result.problems.length > 0;
      process.stdout.write(`${row(round, result, first)}\n`);
    }
  }
  process.stdout.write(`\nload average after: ${loadavg()[0].toFixed(2)}\n`);
  const profiled = env.BENCH_PROFILE_CONTENDER ? variant(env.BENCH_PROFILE_CONTENDER) : undefined;
  if (profiled) printProfile(await profileMaterialization(profiled, events));
  if (failed) process.exitCode = 1;
}

/**
 * A contender by key, with environment of its own after a colon: `a1:WORKER_CONCURRENCY=8`
 * (several joined by `+`) runs a1 with that setting, its key and label saying so.
 */
function variant(spec: string): Contender {
  const { name, env } = withSettings(spec);
  const contender = CONTENDERS[name];
  if (!contender)
    throw new Error(`Unknown contender ${name}: one of ${Object.keys(CONTENDERS).join(', ')}`);
  if (Object.keys(env).length === 0) return contender;
  return {
    ...contender,
    key: spec,
    label: `${contender.label} (${spec.slice(name.length + 1)})`,
    env: { ...contender.env, ...env },
  };
}

function printProfile(profile: MaterializationProfile): void {
  const lines = [
    `\nCPU self time by package: ${profile.packages.map((p) => `${p.name} ${p.percent.toFixed(1)}%`).join(', ')}`,
    ...profile.functions.map((f) => `${f.selfPercent.toFixed(1)}%  ${f.name}  ${f.where}`),
    '\nPostgreSQL statements (calls, total ms, rows):',
    ...profile.statements.map(
      (s) => `${s.calls}  ${Math.round(s.totalMs)} ms  ${s.rows} rows  ${s.query}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function row(round: number, r: MaterializationResult, first: MaterializationResult): string {
  const cpu = Object.entries(r.cpuMicrosPerEvent)
    .map(([role, micros]) => `${role} ${Math.round(micros)}`)
    .join(', ');
  return [
    '',
    round,
    `${r.key}: ${r.label}`,
    Math.round(r.eventsPerSecond).toLocaleString('en-US'),
    `${(r.eventsPerSecond / first.eventsPerSecond).toFixed(2)}×`,
    r.seconds.toFixed(1),
    r.loadBefore.toFixed(2),
    cpu,
    r.problems.length === 0 ? 'yes' : `**no**: ${r.problems.join('; ')}`,
    '',
  ]
    .join(' | ')
    .trim();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `throughput failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
