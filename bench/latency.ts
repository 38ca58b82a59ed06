import { cpus, loadavg } from 'node:os';
import { CpuSummary } from './lib/cpu-profile';
import { requestCostBars } from './report/bars';
import { EndpointLatency, measureLatency, PROFILED_RATE } from './scenarios/latency';

/**
 * The request-latency scenario alone, for working on the request path: `POST /customers` with
 * `Prefer: wait` on each client of BENCH_CLIENTS (default kafkajs,librdkafka; `c` for our API
 * answered by the hand-written worker c, the request path's floor) and the synchronous baseline, at BENCH_RATES (default 100) for BENCH_RATE_SECONDS each (default 15).
 * Prints each run with the CPU of every process, then the request-cost bars. With BENCH_PROFILE=1,
 * one more run per endpoint at 100/s under the profiler, and where each process spent its CPU.
 */
async function main(): Promise<void> {
  const env = process.env;
  const rates = (env.BENCH_RATES ?? '100').split(',').map(Number);
  const seconds = Number(env.BENCH_RATE_SECONDS ?? 15);
  const clients = (env.BENCH_CLIENTS ?? 'kafkajs,librdkafka').split(',');
  const load = loadavg()[0];
  const profile = env.BENCH_PROFILE === '1';
  const result = await measureLatency(rates, seconds, { clients, profile });
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
    ...result.endpoints.flatMap(profileLines),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (result.endpoints.some((e) => e.problems.some((p) => p.includes('rows'))))
    process.exitCode = 1;
}

/** Where each process of an endpoint spent its CPU in the profiled run, if there was one. */
function profileLines(endpoint: EndpointLatency): string[] {
  return Object.entries(endpoint.profiles ?? {}).flatMap(([role, summary]) => [
    `Profile of ${role}, ${endpoint.endpoint}, ${PROFILED_RATE} requests/s (share of all samples, idle included):`,
    '',
    `- by package: ${summary.packages.map((p) => `${p.name} ${p.percent.toFixed(1)}%`).join(', ')}`,
    ...hottest(summary),
    '',
  ]);
}

function hottest(summary: CpuSummary): string[] {
  return summary.functions.map((f) =>
    `- ${f.selfPercent.toFixed(1)}% ${f.name} ${f.where}`.trimEnd(),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`latency failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
