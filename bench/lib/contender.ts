import { AppProcess, stackConfig, OPEN_API_ENV } from '@app/testing';

/** The names one benchmark run uses: its own topics, consumer group and schema. */
export interface RunNames {
  readonly prefix: string;
  readonly schema: string;
  readonly input: string;
  readonly output: string;
  readonly groupId: string;
}

/** A program that materializes the create commands of a run: ours, or one we compare it with. */
export interface Contender {
  /** Short key, e.g. `a1`. */
  readonly key: string;
  readonly label: string;
  /** Processes started together in one consumer group. */
  readonly processes: number;
  /** What `AppProcess.start` runs: an app (`customers/worker`) or a `.ts` file. */
  readonly entry: string;
  /** Environment beside the stack's addresses and the run's names. */
  readonly env?: Record<string, string>;
}

/** Names of a run whose topic prefix is `prefix`, as our worker derives them. */
export function runNames(prefix: string, schema: string): RunNames {
  return {
    prefix,
    schema,
    input: `${prefix}customers.commands`,
    output: `${prefix}customers.events`,
    groupId: `${prefix}customers-worker`,
  };
}

/** Starts the processes of a contender on a run's names. */
export async function startContender(
  contender: Contender,
  names: RunNames,
  nodeArgs: readonly string[] = [],
): Promise<AppProcess[]> {
  const { brokers, databaseUrl } = stackConfig();
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: names.schema,
    KAFKA_TOPIC_PREFIX: names.prefix,
    KAFKA_PARTITIONS: '12',
    INPUT_TOPIC: names.input,
    OUTPUT_TOPIC: names.output,
    GROUP_ID: names.groupId,
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...OPEN_API_ENV,
    ...contender.env,
  };
  const started: AppProcess[] = [];
  for (let i = 0; i < contender.processes; i++) {
    started.push(
      await AppProcess.start(`${contender.key}-${i}`, contender.entry, env, { nodeArgs }),
    );
  }
  return started;
}

/** Stops processes with SIGTERM, then SIGKILL after `graceMs`; resolves when all exited. */
export async function stopAll(processes: readonly AppProcess[], graceMs = 25_000): Promise<void> {
  for (const p of processes) p.signal('SIGTERM');
  const timer = setTimeout(() => processes.forEach((p) => p.signal('SIGKILL')), graceMs);
  await Promise.all(processes.map((p) => p.exited));
  clearTimeout(timer);
}
