import { CreateCustomer, customersCatalogue, encodeEvent } from '@app/events';
import { AppProcess, stackConfig } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { BenchRun, withBenchRun } from '../lib/bench-run';
import { Contender, startContender, stopAll } from '../lib/contender';
import { createCommand } from '../lib/preload';
import { countEffects, duplicatesOf, problemsOf } from '../lib/verify-run';

const PARTITIONS = 12;
const WORKERS = 3;
/** Commands per second, sent in small slices every TICK_MS. */
const RATE = 200;
const TICK_MS = 50;
const BEFORE_MS = 15_000;
const AFTER_MS = 10_000;
/** A partition without an outcome for longer than this is stalled (at 200/s it normally gets one every ~60 ms). */
const STALL_MS = 1_000;
/** How long outcomes are watched after the SIGKILL: longer than the longest session timeout (30 s). */
const KILL_WATCH_MS = 60_000;
/** A worker booting on a busy machine (ts-node compiles it first) may take this long to be ready. */
const READY_TIMEOUT_MS = 180_000;
/** What the partitioner needs to know of the topic: only how many partitions it has. */
const PARTITION_METADATA = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionId,
  leader: 1,
  partitionErrorCode: 0,
  replicas: [1],
  isr: [1],
}));

/** Command-to-outcome latencies of one phase, in milliseconds. */
export interface LatencySummary {
  readonly commands: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** What a rolling restart of a worker group cost, under a steady load. */
export interface RollingRestartResult {
  readonly label: string;
  readonly rolloutSeconds: number;
  /** The longest time, during the rollout, with no outcome recorded by any worker. */
  readonly longestGapMs: number;
  /**
   * After the rollout, one worker is SIGKILLed: the longest a partition then went without an
   * outcome (its partitions wait for the session timeout), within KILL_WATCH_MS.
   */
  readonly killStallMs: number;
  /**
   * Per step (start new, ready, SIGTERM old, exited), the partitions that went more than 1 s
   * without an outcome: those held by the same worker at the step's start and end (kept), and
   * the others (moved).
   */
  readonly stalledPerStep: { readonly kept: number; readonly moved: number }[];
  /** The longest time a partition held by the same worker through a step went without an outcome. */
  readonly longestKeptStallMs: number;
  /** The longest time a partition that changed hands in a step went without an outcome. */
  readonly longestMovedStallMs: number;
  readonly before: LatencySummary;
  readonly during: LatencySummary;
  readonly sent: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly problems: string[];
  /** The machine's 1-minute load average at the start and at the end. */
  readonly load: readonly [number, number];
}

/** One command sent: when, and to which partition. */
interface Sent {
  readonly at: number;
  readonly partition: number;
}

/**
 * Runs 3 workers of one group under a steady 200 commands/s, then replaces them one at a time
 * as a Kubernetes rollout with maxSurge 1 and maxUnavailable 0 does (start a new one, wait until
 * it is ready, SIGTERM an old one, wait until it exited); measures outcomes before and during.
 */
export async function measureRollingRestart(
  label: string,
  env: Record<string, string>,
): Promise<RollingRestartResult> {
  return withBenchRun(PARTITIONS, async (run) => {
    const loadAtStart = loadavg()[0];
    const worker: Contender = { key: 'roll', label, processes: 1, entry: 'customers/worker', env };
    let workers: AppProcess[] = [];
    for (let i = 0; i < WORKERS; i++) workers.push(...(await startContender(worker, run.names)));
    const load = new SteadyLoad(run);
    try {
      await Promise.all(workers.map((w) => w.ready(READY_TIMEOUT_MS)));
      await load.start();
      await sleep(BEFORE_MS);
      const rolloutStart = Date.now();
      const stepStarts: number[] = [];
      const holders: Map<number, number>[] = [];
      for (const old of [...workers]) {
        stepStarts.push(Date.now());
        holders.push(await holdersOf(workers, load.topic));
        const [fresh] = await startContender(worker, run.names);
        await fresh.ready(READY_TIMEOUT_MS);
        old.signal('SIGTERM');
        await old.exited;
        workers = [...workers.filter((w) => w !== old), fresh];
      }
      const rolloutEnd = Date.now();
      holders.push(await holdersOf(workers, load.topic));
      await sleep(AFTER_MS);
      // Then one worker dies without leaving: its partitions wait for the session to expire.
      const killedAt = Date.now();
      const [victim] = workers;
      victim.signal('SIGKILL');
      await victim.exited;
      workers = workers.slice(1);
      await sleep(KILL_WATCH_MS);
      await load.stop();
      await waitForOutcomes(run, load.sent.size);
      const outcomes = await outcomesOf(run);
      const counts = await countEffects(run.db.dataSource, run.probe, run.names);
      const latencies = (from: number, to: number) =>
        summarize(
          [...load.sent].flatMap(([id, sent]) => {
            const at = outcomes.get(id);
            return sent.at >= from && sent.at < to && at !== undefined ? [at - sent.at] : [];
          }),
        );
      const during = [...load.sent].flatMap(([id, sent]) => {
        const at = outcomes.get(id);
        return at !== undefined && at >= rolloutStart && at <= rolloutEnd
          ? [{ at, partition: sent.partition }]
          : [];
      });
      // Per step and partition: its longest stall, and whether it kept its worker through the step.
      const stepStalls = stepStarts.map((from, i) => {
        const to = stepStarts[i + 1] ?? rolloutEnd;
        return Array.from({ length: PARTITIONS }, (_, p) => {
          const holder = holders[i].get(p);
          return {
            kept: holder !== undefined && holders[i + 1].get(p) === holder,
            stallMs: longestGap(
              during
                .filter((o) => o.partition === p && o.at >= from && o.at <= to)
                .map((o) => o.at),
              from,
              to,
            ),
          };
        });
      });
      const stalls = stepStalls.flat();
      const longestOf = (kept: boolean) =>
        Math.max(0, ...stalls.filter((st) => st.kept === kept).map((st) => st.stallMs));
      const afterKill = [...load.sent].flatMap(([id, sent]) => {
        const at = outcomes.get(id);
        return at !== undefined && at >= killedAt ? [{ at, partition: sent.partition }] : [];
      });
      const killEnd = killedAt + KILL_WATCH_MS;
      return {
        label,
        killStallMs: Math.max(
          ...Array.from({ length: PARTITIONS }, (_, p) =>
            longestGap(
              afterKill.filter((o) => o.partition === p && o.at <= killEnd).map((o) => o.at),
              killedAt,
              killEnd,
            ),
          ),
        ),
        stalledPerStep: stepStalls.map((step) => ({
          kept: step.filter((st) => st.kept && st.stallMs > STALL_MS).length,
          moved: step.filter((st) => !st.kept && st.stallMs > STALL_MS).length,
        })),
        longestKeptStallMs: longestOf(true),
        longestMovedStallMs: longestOf(false),
        rolloutSeconds: (rolloutEnd - rolloutStart) / 1000,
        longestGapMs: longestGap(
          during.map((o) => o.at),
          rolloutStart,
          rolloutEnd,
        ),
        before: latencies(0, rolloutStart),
        during: latencies(rolloutStart, rolloutEnd),
        sent: load.sent.size,
        lost: load.sent.size - counts.outcomes,
        duplicated: duplicatesOf(counts),
        problems: problemsOf(counts, load.sent.size),
        load: [loadAtStart, loadavg()[0]],
      };
    } finally {
      await load.stop();
      await stopAll(workers);
    }
  });
}

/** Sends create-customer commands at RATE per second until stopped, noting when and where each went. */
class SteadyLoad {
  readonly sent = new Map<string, Sent>();
  /** The topic the commands go to. */
  readonly topic: string;
  private readonly definition;
  private readonly producer;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<unknown>>();
  private count = 0;

  constructor(private readonly run: BenchRun) {
    this.definition = customersCatalogue.withTopicPrefix(run.names.prefix).resolve(CreateCustomer);
    this.topic = this.definition.topic;
    this.producer = new Kafka({
      clientId: 'bench-rolling-load',
      brokers: stackConfig().brokers,
      logLevel: logLevel.NOTHING,
    }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    const perTick = (RATE * TICK_MS) / 1000;
    const started = Date.now();
    this.timer = setInterval(() => {
      // Catch up to the schedule, so that a late tick does not lower the rate.
      const due = Math.floor(((Date.now() - started) / TICK_MS) * perTick);
      if (due > this.count) this.sendSlice(due - this.count);
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.inFlight);
    await this.producer.disconnect();
  }

  private sendSlice(n: number): void {
    const messages = [];
    const at = Date.now();
    for (let i = 0; i < n; i++) {
      const command = createCommand(this.definition, this.run.names.prefix, this.count++);
      const encoded = encodeEvent(this.definition, command);
      const message = { key: encoded.key, value: encoded.value, headers: encoded.headers };
      const partition = this.partitioner({
        topic: this.definition.topic,
        partitionMetadata: PARTITION_METADATA,
        message,
      });
      this.sent.set(command.trackingId ?? randomUUID(), { at, partition });
      messages.push(message);
    }
    const sending = this.producer.send({ topic: this.definition.topic, acks: -1, messages });
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }
}

/** The part of a worker's readiness answer that names its partitions. */
interface ReadinessBody {
  readonly details?: {
    readonly 'kafka-consumer'?: {
      readonly assigned?: readonly { topic: string; partitions: number[] }[];
    };
  };
}

/** Returns which worker (by pid) holds each partition of `topic` now, as their readiness answers say. */
async function holdersOf(
  workers: readonly AppProcess[],
  topic: string,
): Promise<Map<number, number>> {
  const holders = new Map<number, number>();
  await Promise.all(
    workers.map(async (w) => {
      const body = (await fetch(`${w.url}/health/ready`)
        .then((response) => response.json())
        .catch(() => undefined)) as ReadinessBody | undefined;
      for (const held of body?.details?.['kafka-consumer']?.assigned ?? [])
        if (held.topic === topic) for (const p of held.partitions) holders.set(p, w.pid ?? -1);
    }),
  );
  return holders;
}

/** Returns each outcome's time (epoch ms, PostgreSQL's clock: the start of its transaction) by tracking id. */
async function outcomesOf(run: BenchRun): Promise<Map<string, number>> {
  const rows = await run.db.dataSource.query<{ id: string; at: number }[]>(
    `SELECT tracking_id AS id, (extract(epoch FROM recorded_at) * 1000)::float8 AS at
       FROM ${run.names.schema}.request_outcomes`,
  );
  return new Map(rows.map((row) => [row.id, Number(row.at)]));
}

async function waitForOutcomes(run: BenchRun, expected: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await outcomesOf(run)).size < expected) await sleep(250);
}

/** The longest interval between `from`, the sorted times and `to`. */
function longestGap(times: readonly number[], from: number, to: number): number {
  const points = [from, ...[...times].sort((a, b) => a - b), to];
  let longest = 0;
  for (let i = 1; i < points.length; i++) longest = Math.max(longest, points[i] - points[i - 1]);
  return Math.round(longest);
}

function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    commands: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: Math.round(sorted.at(-1) ?? 0),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
