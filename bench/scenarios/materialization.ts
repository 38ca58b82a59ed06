import { AppProcess, stackConfig } from '@app/testing';
import { BenchRun, firstOutcomeAt, withBenchRun } from '../lib/bench-run';
import { Contender, startContender, stopAll } from '../lib/contender';
import { preloadCreates } from '../lib/preload';
import { loadavg } from 'node:os';
import { cpuBetween, cpuByRole, peakRssMiB, stackRoles } from '../lib/process-stats';
import { countEffects, duplicatesOf, problemsOf, RunCounts } from '../lib/verify-run';

const PARTITIONS = 12;
const POLL_MS = 100;
/** A run that makes no progress this long has failed (the first batch includes start-up). */
const STALL_MS = 90_000;

/** One contender's result on one backlog. */
export interface MaterializationResult {
  readonly key: string;
  readonly label: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssMiB: (number | undefined)[];
  /** CPU time per event, in µs, of each role over the run: the contender, Kafka, PostgreSQL, this process. */
  readonly cpuMicrosPerEvent: Record<string, number>;
  /** The machine's load average over 1 minute when the scenario started: a busy machine shows. */
  readonly loadBefore: number;
  readonly counts: RunCounts;
  readonly duplicates: number;
  /** Empty when every command was applied, answered and published exactly once. */
  readonly problems: string[];
}

/**
 * Preloads `events` create commands, starts the contender and times it from the first recorded
 * outcome until its committed offsets reach the end of the input; then counts every effect.
 */
export async function measureMaterialization(
  contender: Contender,
  events: number,
  nodeArgs: readonly string[] = [],
): Promise<MaterializationResult> {
  const loadBefore = loadavg()[0];
  return withBenchRun(PARTITIONS, async (run) => {
    await preloadCreates(stackConfig().brokers, run.names.prefix, events);
    const processes = await startContender(contender, run.names, nodeArgs);
    const roles = {
      [contender.key]: async () => processes.map((p) => p.pid),
      ...(await stackRoles()),
    };
    let doneAt: number;
    let rss: (number | undefined)[];
    let cpu: Record<string, number>;
    try {
      // From the first outcome, as the time is: start-up (ts-node compiling) is not per event.
      await untilFirstOutcome(run);
      const before = await cpuByRole(roles);
      const own = process.cpuUsage();
      doneAt = await untilCommitted(run, processes, events);
      const polled = process.cpuUsage(own);
      cpu = {
        ...cpuBetween(before, await cpuByRole(roles)),
        // This process, polling the committed offsets and the outcomes meanwhile.
        bench: (polled.user + polled.system) / 1e6,
      };
      rss = await Promise.all(processes.map((p) => peakRssMiB(p.pid)));
    } finally {
      await stopAll(processes);
    }
    const seconds = (doneAt - (await firstOutcomeAt(run))) / 1000;
    const counts = await countEffects(run.db.dataSource, run.probe, run.names);
    return {
      key: contender.key,
      label: contender.label,
      events,
      seconds,
      eventsPerSecond: events / seconds,
      peakRssMiB: rss,
      cpuMicrosPerEvent: Object.fromEntries(
        Object.entries(cpu).map(([role, seconds]) => [role, (seconds * 1e6) / events]),
      ),
      loadBefore,
      counts,
      duplicates: duplicatesOf(counts),
      problems: problemsOf(counts, events),
    };
  });
}

/** Polls the group's committed offsets until they cover `events`; returns when (epoch ms). */
async function untilCommitted(
  run: BenchRun,
  processes: readonly AppProcess[],
  events: number,
): Promise<number> {
  let last = -1;
  let progressAt = Date.now();
  for (;;) {
    const committed = await run.probe.committedTotal(run.names.groupId, run.names.input);
    const now = Date.now();
    if (committed >= events) return now;
    if (committed !== last) [last, progressAt] = [committed, now];
    const dead = processes.find((p) => !p.running);
    if (dead) throw new Error(`${dead.name} exited during the run:\n${dead.output.slice(-2000)}`);
    if (now - progressAt > STALL_MS)
      throw new Error(`No progress for ${STALL_MS} ms at ${committed}/${events} committed.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the contender has recorded its first outcome (polling, at most STALL_MS). */
async function untilFirstOutcome(run: BenchRun): Promise<void> {
  const deadline = Date.now() + STALL_MS;
  for (;;) {
    const [row] = await run.db.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ${run.names.schema}.request_outcomes) AS any`,
    );
    if (row.any) return;
    if (Date.now() > deadline) throw new Error(`No outcome within ${STALL_MS} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
