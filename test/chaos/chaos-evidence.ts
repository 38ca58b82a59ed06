import { CloudEventHeaders, DeadLetterHeaders } from '@app/events';
import { kcatReadAll, KcatRecord, stackConfig } from '@app/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ChaosLandscape } from './chaos-landscape';
import { RecordedRequest } from './landscape-client';
import { BadInput } from './chaos-workload';

const run = promisify(execFile);

/** A record read back from a topic, with its CloudEvents headers and JSON payload taken apart. */
export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly id: string;
  readonly type: string;
  readonly trackingId?: string;
  readonly payload: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

/** Everything the checker judges: what was sent, what every topic holds, what every schema holds. */
export interface ChaosEvidence {
  readonly requests: readonly RecordedRequest[];
  readonly badInputs: readonly BadInput[];
  /** Each service's name -> its schema. */
  readonly schemas: Readonly<Record<string, string>>;
  /** Each topic of the run, without the prefix (`orders.events`, `customers.commands.dlq`, ...) -> its records. */
  readonly topics: ReadonlyMap<string, readonly ReadRecord[]>;
  /** The run's topic prefix: a record's `topic` is its full name, with it. */
  readonly topicPrefix: string;
  readonly query: <T>(sql: string, params?: unknown[]) => Promise<T[]>;
}

/** Reads back every topic of the run with kcat and gathers what was recorded. */
export async function gatherEvidence(
  landscape: ChaosLandscape,
  requests: readonly RecordedRequest[],
  badInputs: readonly BadInput[],
): Promise<ChaosEvidence> {
  const prefix = landscape.landscapeSystem.topicPrefix;
  const topics = new Map<string, ReadRecord[]>();
  for (const topic of await topicsWithPrefix(prefix)) {
    topics.set(topic.slice(prefix.length), (await kcatReadAll(topic)).map(readRecord));
  }
  const schemas = Object.fromEntries(
    landscape.services.map((service) => [service.name, landscape.schemaOf(service)]),
  );
  return {
    requests,
    badInputs,
    schemas,
    topics,
    topicPrefix: prefix,
    query: <T>(sql: string, params?: unknown[]) => landscape.db.query(sql, params) as Promise<T[]>,
  };
}

/** The original topic a dead letter names (without the run's prefix). */
export function originalTopicOf(record: ReadRecord): string {
  return record.headers[DeadLetterHeaders.originalTopic] ?? '';
}

async function topicsWithPrefix(prefix: string): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', stackConfig().brokers[0], '-L', '-J'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const metadata = JSON.parse(stdout) as { topics: { topic: string }[] };
  return metadata.topics.map((t) => t.topic).filter((topic) => topic.startsWith(prefix));
}

function readRecord(record: KcatRecord): ReadRecord {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(record.payload ?? '{}');
    if (parsed && typeof parsed === 'object') payload = parsed as Record<string, unknown>;
  } catch {
    payload = {};
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    id: record.headers[CloudEventHeaders.id] ?? '',
    type: record.headers[CloudEventHeaders.type] ?? '',
    trackingId: record.headers[CloudEventHeaders.trackingId],
    payload,
    headers: record.headers,
  };
}
