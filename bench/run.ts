import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { Contender } from './lib/contender';
import { nest, ours, raw, rawWithGuarantees } from './lib/contenders';
import { profileMaterialization } from './lib/profile';
import { BenchReport, writeReport } from './report/report';
import { measureKafkaFloor } from './scenarios/kafka-floor';
import { FLOOR, measureLatency } from './scenarios/latency';
import { MaterializationResult, measureMaterialization } from './scenarios/materialization';
import { measurePayments } from './scenarios/payments';
import { measureRecovery } from './scenarios/recovery';

const env = process.env;
const settings = {
  events: Number(env.BENCH_EVENTS ?? 200_000),
  /** NestJS's transport handles one event per transaction: a sample of this size gives its rate. */
  nestEvents: Number(env.BENCH_NEST_EVENTS ?? 20_000),
  nestProbeEvents: Number(env.BENCH_NEST_PROBE_EVENTS ?? 4_000),
  rates: (env.BENCH_RATES ?? '100,500,1000').split(',').map(Number),
  rateSeconds: Number(env.BENCH_RATE_SECONDS ?? 15),
  recoveryEvents: Number(env.BENCH_RECOVERY_EVENTS ?? 100_000),
  payments: Number(env.BENCH_PAYMENTS ?? 5_000),
  paymentsRate: Number(env.BENCH_PAYMENTS_RATE ?? 20),
  profile: env.BENCH_PROFILE !== '0',
  out: env.BENCH_OUT ?? 'docs',
  /** The Kafka clients our worker and API are measured on (materialization, latency, recovery). */
  clients: (env.BENCH_CLIENTS ?? 'kafkajs,librdkafka').split(','),
};

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function summary(r: MaterializationResult): string {
  const verdict = r.problems.length === 0 ? 'verified' : `FAILED: ${r.problems.join('; ')}`;
  return `${r.label}: ${r.events} events in ${r.seconds.toFixed(1)} s = ${Math.round(r.eventsPerSecond)}/s (${verdict})`;
}

/** Runs every scenario on the local stack and writes docs/benchmarks.{md,svg,json}. */
async function main(): Promise<void> {
  const started = Date.now();
  log(`settings ${JSON.stringify(settings)}`);
  const materialization: MaterializationResult[] = [];
  const run = async (contender: Contender, events: number, nodeArgs: string[] = []) => {
    log(`materialization: ${contender.label}, ${events} events`);
    const result = await measureMaterialization(contender, events, nodeArgs);
    log(summary(result));
    return result;
  };

  materialization.push(await run(raw, settings.events));
  materialization.push(await run(rawWithGuarantees, settings.events));
  materialization.push(await run(ours(1), settings.events));
  if (settings.clients.includes('librdkafka'))
    materialization.push(await run(ours(1, 'librdkafka'), settings.events));
  let profile: BenchReport['profile'];
  if (settings.profile) {
    log(`profiling: ours, 1 worker process, ${settings.events / 2} events`);
    profile = await profileMaterialization(ours(1), settings.events / 2);
  }
  materialization.push(await run(ours(2), settings.events));
  if (settings.clients.includes('librdkafka'))
    materialization.push(await run(ours(2, 'librdkafka'), settings.events));

  const probes: { concurrency: number; eventsPerSecond: number }[] = [];
  for (const concurrency of [1, 4, 12]) {
    const probe = await run(nest(concurrency), settings.nestProbeEvents);
    probes.push({ concurrency, eventsPerSecond: probe.eventsPerSecond });
  }
  const best = probes.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
  materialization.push(await run(nest(best.concurrency), settings.nestEvents));
  log(`kafkajs alone: consume and produce ${settings.events} events`);
  const kafkaFloor = await measureKafkaFloor(settings.events);

  log(`latency at ${settings.rates.join(', ')} requests/s, ${settings.rateSeconds} s each`);
  // The floor beside our clients: what a waited request costs behind our API at the least.
  const latency = await measureLatency(settings.rates, settings.rateSeconds, {
    clients: [...settings.clients, FLOOR],
  });
  const recovery = [];
  for (const client of settings.clients) {
    log(`recovery on ${client}: SIGKILL a quarter into ${settings.recoveryEvents} events`);
    recovery.push(await measureRecovery(settings.recoveryEvents, client));
  }
  log(
    `payments: ${settings.payments} on a backlog, then ${settings.paymentsRate}/s with Prefer: wait`,
  );
  const payments = await measurePayments(
    settings.payments,
    settings.paymentsRate,
    settings.rateSeconds,
  );

  const report: BenchReport = {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    settings,
    materialization,
    nestProbes: probes,
    kafkaFloor,
    latency,
    recovery,
    payments,
    profile,
    minutes: (Date.now() - started) / 60_000,
  };
  await mkdir(settings.out, { recursive: true });
  await writeReport(report, settings.out);
  log(`wrote ${settings.out}/benchmarks.md, .svg and .json in ${report.minutes.toFixed(1)} min`);
  const failed = [
    ...materialization.flatMap((r) => r.problems),
    ...latency.endpoints.flatMap((e) => e.problems.filter((p) => p.includes('rows'))),
    ...recovery.flatMap((r) => r.problems),
  ];
  if (failed.length > 0) {
    log(`verification failed: ${failed.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
