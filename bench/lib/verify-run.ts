import { stackConfig } from '@app/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { RunNames } from './contender';
import { KafkaProbe } from './kafka-probe';

const run = promisify(execFile);

/** What a run left behind, counted after it ended. */
export interface RunCounts {
  readonly customers: number;
  readonly outcomes: number;
  readonly accepted: number;
  readonly published: number;
  /** Distinct keys (customer ids) on the output topic, read by kcat, an independent client. */
  readonly distinctPublished: number;
  readonly committed: number;
}

/** Counts the effects of a run: rows, outcomes, output events (total and distinct), commits. */
export async function countEffects(
  db: DataSource,
  probe: KafkaProbe,
  names: RunNames,
): Promise<RunCounts> {
  const [rows] = await db.query<{ customers: string }[]>(
    `SELECT count(*) AS customers FROM ${names.schema}.customers`,
  );
  const [outcomes] = await db.query<{ outcomes: string; accepted: string }[]>(
    `SELECT count(*) AS outcomes, count(*) FILTER (WHERE status = 'accepted') AS accepted
       FROM ${names.schema}.request_outcomes`,
  );
  return {
    customers: Number(rows.customers),
    outcomes: Number(outcomes.outcomes),
    accepted: Number(outcomes.accepted),
    published: await probe.recordCount(names.output),
    distinctPublished: await kcatDistinctKeys(names.output),
    committed: await probe.committedTotal(names.groupId, names.input),
  };
}

/** Lists what differs from "each of `expected` commands applied, answered and published once". */
export function problemsOf(counts: RunCounts, expected: number): string[] {
  const problems: string[] = [];
  const check = (what: string, actual: number) => {
    if (actual !== expected) problems.push(`${what}: ${actual} (expected ${expected})`);
  };
  check('customers rows', counts.customers);
  check('request outcomes', counts.outcomes);
  check('accepted outcomes', counts.accepted);
  check('distinct output events', counts.distinctPublished);
  check('committed offsets', counts.committed);
  return problems;
}

/** Output events beyond one per command: duplicates that at-least-once publication may add. */
export function duplicatesOf(counts: RunCounts): number {
  return counts.published - counts.distinctPublished;
}

async function kcatDistinctKeys(topic: string): Promise<number> {
  const { stdout } = await run(
    'kcat',
    [
      '-b',
      stackConfig().brokers[0],
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%k\n',
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  return new Set(stdout.split('\n').filter((line) => line.length > 0)).size;
}
