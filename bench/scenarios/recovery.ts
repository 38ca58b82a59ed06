import { stackConfig } from '@app/testing';
import { withBenchRun } from '../lib/bench-run';
import { Contender, startContender, stopAll } from '../lib/contender';
import { preloadCreates } from '../lib/preload';
import { countEffects, duplicatesOf, problemsOf, RunCounts } from '../lib/verify-run';

/** How a worker came back after a SIGKILL in the middle of a backlog. */
export interface RecoveryResult {
  /** The workers' Kafka client (librdkafka uses KIP-848: the broker's session timeout applies). */
  readonly client: string;
  readonly events: number;
  /** Committed when the first worker was killed. */
  readonly committedAtKill: number;
  readonly sessionTimeoutMs: number;
  /** From the restart to the first new commit, and to the end of the backlog, in seconds. */
  readonly firstCommitSeconds: number;
  readonly drainSeconds: number;
  readonly counts: RunCounts;
  readonly duplicates: number;
  readonly problems: string[];
}

const SESSION_TIMEOUT_MS = 10_000;

/**
 * Preloads a backlog, lets one worker apply part of it, SIGKILLs it, starts a new one at once
 * and times the new one until the backlog is committed; then counts every effect.
 */
export async function measureRecovery(events: number, client = 'kafkajs'): Promise<RecoveryResult> {
  const worker: Contender = {
    key: 'recovery',
    label: 'worker',
    processes: 1,
    entry: 'customers/worker',
    env: {
      KAFKA_CLIENT: client,
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    },
  };
  return withBenchRun(12, async (run) => {
    await preloadCreates(stackConfig().brokers, run.names.prefix, events);
    const committed = () => run.probe.committedTotal(run.names.groupId, run.names.input);
    const [first] = await startContender(worker, run.names);
    let committedAtKill = 0;
    while ((committedAtKill = await committed()) < events / 4) {
      if (!first.running) throw new Error(`worker exited:\n${first.output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.signal('SIGKILL');
    await first.exited;
    committedAtKill = await committed();
    const restartedAt = Date.now();
    const [second] = await startContender(worker, run.names);
    let firstCommitAt = 0;
    let drainedAt = 0;
    try {
      for (;;) {
        const now = await committed();
        if (firstCommitAt === 0 && now > committedAtKill) firstCommitAt = Date.now();
        if (now >= events) {
          drainedAt = Date.now();
          break;
        }
        if (!second.running) throw new Error(`worker exited:\n${second.output.slice(-2000)}`);
        if (Date.now() - restartedAt > 180_000) throw new Error(`stalled at ${now}/${events}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await stopAll([second]);
    }
    const drainSeconds = (drainedAt - restartedAt) / 1000;
    const counts = await countEffects(run.db.dataSource, run.probe, run.names);
    return {
      client,
      events,
      committedAtKill,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      firstCommitSeconds: (firstCommitAt - restartedAt) / 1000,
      drainSeconds,
      counts,
      duplicates: duplicatesOf(counts),
      problems: problemsOf(counts, events),
    };
  });
}
