import { cpus, loadavg } from 'node:os';
import { requestCostBars } from './report/bars';
import { measureLatency } from './scenarios/latency';

/**
 * The request-latency scenario alone, for working on the request path: `POST /customers` with
 * `Prefer: wait` on each client of BENCH_CLIENTS (default kafkajs,librdkafka) and the
 * synchronous baseline, at BENCH_RATES (default 100) for BENCH_RATE_SECONDS each (default 15).
 * Prints each run with the CPU of every process, then the request-cost bars.
 */
async function main(): Promise<void> {
  const env = process.env;
  const rates = (env.BENCH_RATES ?? '100').split(',').map(Number);
  const seconds = Number(env.BENCH_RATE_SECONDS ?? 15);
  const clients = (env.BENCH_CLIENTS ?? 'kafkajs,librdkafka').split(',');
  const load = loadavg()[0];
  const result = await measureLatency(rates, seconds, clients);
  const lines = [
    `${cpus().length} cores, Node ${process.version}, load average ${load.toFixed(2)} before, ` +
      `${loadavg()[0].toFixed(2)} after`,
    '',
    '| endpoint | rate | load before | answered | p50 | p99 | max | CPU % of one core | problems |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...result.endpoints.flatMap((e) =>
      e.runs.map(
        (r) =>
          `| ${e.endpoint} | ${r.rate} | ${r.loadBefore.toFixed(2)} | ${r.requests} | ${r.p50 ?? '–'} | ${r.p99 ?? '–'} | ${r.max} | ` +
          `${Object.entries(r.cpu)
            .map(([role, percent]) => `${role} ${percent}`)
            .join(', ')} | ${e.problems.join('; ')} |`,
      ),
    ),
    '',
    ...requestCostBars(result),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (result.endpoints.some((e) => e.problems.some((p) => p.includes('rows'))))
    process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`latency failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
