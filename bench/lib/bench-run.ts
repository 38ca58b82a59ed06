import { customersMigrations } from '@app/customers';
import { createTestDatabase, stackConfig, TestDatabase, uniqueName } from '@app/testing';
import { RunNames, runNames } from './contender';
import { KafkaProbe } from './kafka-probe';

/** A run's own schema and topics, created before and removed after. */
export interface BenchRun {
  readonly names: RunNames;
  readonly db: TestDatabase;
  readonly probe: KafkaProbe;
}

/** Creates a schema (migrated) and the run's input and output topics, then calls `body`; cleans up after. */
export async function withBenchRun<T>(
  partitions: number,
  body: (run: BenchRun) => Promise<T>,
): Promise<T> {
  const db = await createTestDatabase(customersMigrations);
  const probe = await KafkaProbe.connect(stackConfig().brokers);
  const names = runNames(`${uniqueName('bench')}.`, db.schema);
  try {
    await probe.createTopics([names.input, names.output], partitions);
    return await body({ names, db, probe });
  } finally {
    await probe
      .deleteTopics([names.input, names.output, `${names.input}.dlq`])
      .catch(() => undefined);
    await probe.close();
    await db.drop();
  }
}

/** Returns the time (epoch ms) the first outcome of a run was recorded, by PostgreSQL's clock. */
export async function firstOutcomeAt(run: BenchRun): Promise<number> {
  const [row] = await run.db.dataSource.query<{ at: string | null }[]>(
    `SELECT (extract(epoch FROM min(recorded_at)) * 1000)::float8 AS at
       FROM ${run.names.schema}.request_outcomes`,
  );
  if (row.at === null) throw new Error('No outcome was recorded.');
  return Number(row.at);
}
