import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULT_KINDS, FaultKind } from './chaos-faults';
import { runChaos } from './chaos-run';
import { summarize } from './chaos-summary';

/** How often each fault kind comes, by default: process faults more often than outages. */
const DEFAULT_WEIGHTS = 'kill=3,zombie=2,rolling-restart=1,postgres-stop=1,broker-kill=1';

/**
 * `npm run chaos -- --seed N --minutes M [--rate R] [--gap-ms A-B] [--weights kill=3,...] [--report FILE]`: runs the
 * landscape under seeded faults and prints each invariant's verdict; exits 1 when one fails.
 * With `--report`, the figures replace the last run's in FILE (docs/reliability.md).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      minutes: { type: 'string', default: '20' },
      rate: { type: 'string', default: '4' },
      'gap-ms': { type: 'string', default: '3000-8000' },
      weights: { type: 'string', default: DEFAULT_WEIGHTS },
      report: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const [gapMin, gapMax] = values['gap-ms'].split('-').map(Number);
  const began = Date.now();
  const log = (line: string) =>
    process.stdout.write(
      `[${new Date().toISOString()} +${Math.round((Date.now() - began) / 1000)}s] ${line}\n`,
    );
  const report = await runChaos({
    seed,
    minutes: Number(values.minutes),
    perSecond: Number(values.rate),
    faults: {
      weights: parseWeights(values.weights),
      gapMs: [gapMin, gapMax],
    },
    outDir:
      values.out ??
      join('.chaos', `seed-${seed}-${new Date(began).toISOString().replace(/[:.]/g, '-')}`),
    log,
  });
  const summary = summarize(report);
  process.stdout.write(`\n${summary}\n`);
  if (values.report) await replaceLastRun(values.report, summary);
  process.exitCode = report.passed ? 0 : 1;
}

/** Returns each fault kind's weight from `kill=3,zombie=2,...` (a kind left out: never). */
function parseWeights(text: string): Record<FaultKind, number> {
  const weights = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<
    FaultKind,
    number
  >;
  for (const pair of text.split(',')) {
    const [kind, weight] = pair.split('=');
    if (!FAULT_KINDS.includes(kind as FaultKind) || !(Number(weight) >= 0))
      throw new Error(
        `--weights: "${pair}" is not <kind>=<weight> with a kind of ${FAULT_KINDS.join(', ')}`,
      );
    weights[kind as FaultKind] = Number(weight);
  }
  return weights;
}

const START = '<!-- chaos-report:start -->';
const END = '<!-- chaos-report:end -->';

/** Replaces the figures between the report markers of `file` with `summary`. */
async function replaceLastRun(file: string, summary: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from)
    throw new Error(`${file} has no ${START} ... ${END} section to replace.`);
  await writeFile(file, `${text.slice(0, from + START.length)}\n${summary}\n${text.slice(to)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exitCode = 2;
  });
}
