import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULT_KINDS, FaultKind } from './chaos-faults';
import { DEFAULT_SENDERS, runChaos } from './chaos-run';
import { summarize } from './chaos-summary';

/**
 * How many streams of each fault kind run at once, by default: two of the kinds whose faults
 * last longest (a zombie outlives a session timeout; a rolling restart starts a worker per
 * worker), so that every kind comes about as often.
 */
const DEFAULT_STREAMS = 'kill=1,zombie=2,rolling-restart=6,postgres-stop=1,broker-kill=1';

/**
 * `npm run chaos -- --seed N --minutes M [--rate R] [--senders S] [--gap-ms A-B] [--streams kill=1,...] [--report FILE]`: runs the
 * landscape under seeded faults and prints each invariant's verdict; exits 1 when one fails.
 * With `--report`, the figures replace the last run's in FILE (docs/reliability.md).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      minutes: { type: 'string', default: '20' },
      rate: { type: 'string', default: '4' },
      senders: { type: 'string', default: String(DEFAULT_SENDERS) },
      'gap-ms': { type: 'string', default: '3000-7000' },
      streams: { type: 'string', default: DEFAULT_STREAMS },
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
    senders: wholeCount('--senders', values.senders),
    faults: {
      streams: parseStreams(values.streams),
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

/** Returns `text` as a count of at least 1. @throws Error naming `option` when it is not one. */
function wholeCount(option: string, text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`${option}: "${text}" is not a whole number of at least 1`);
  return count;
}

/** Returns each fault kind's number of streams from `kill=1,zombie=2,...` (a kind left out: never). */
function parseStreams(text: string): Record<FaultKind, number> {
  const streams = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<
    FaultKind,
    number
  >;
  for (const pair of text.split(',')) {
    const [kind, count] = pair.split('=');
    if (
      !FAULT_KINDS.includes(kind as FaultKind) ||
      !Number.isInteger(Number(count)) ||
      Number(count) < 0
    )
      throw new Error(
        `--streams: "${pair}" is not <kind>=<count> with a kind of ${FAULT_KINDS.join(', ')} and a whole count`,
      );
    streams[kind as FaultKind] = Number(count);
  }
  return streams;
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
