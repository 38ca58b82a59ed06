import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';

/** A record as a tool reads it: where it is, its key and value, its headers as text (first value). */
export interface TopicRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** A read ends when no batch came for this long (a topic may end in transaction markers). */
const IDLE_END_MS = 3_000;

/**
 * Reads a topic from the beginning to its end at the time of the call, committed records only,
 * sorted by partition and offset; a missing topic reads empty. The consumer group it reads with
 * (`<tool>-<uuid>`) is deleted afterwards.
 */
export async function readTopic(kafka: Kafka, topic: string, tool: string): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${tool}-${randomUUID()}`;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic))
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, BigInt(p.high)]),
    );
    if (ends.size === 0) return [];
    const records: TopicRecord[] = [];
    const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        let idle = setTimeout(resolve, 30_000);
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              for (const message of batch.messages)
                records.push(recordOf(batch.partition, message));
              // The last offset counts transaction markers, which are never handed over.
              if (BigInt(batch.lastOffset()) + 1n >= (ends.get(batch.partition) ?? 0n)) {
                ends.delete(batch.partition);
              }
              clearTimeout(idle);
              idle = setTimeout(resolve, ends.size === 0 ? 0 : IDLE_END_MS);
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return records.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

function recordOf(partition: number, message: KafkaMessage): TopicRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    partition,
    offset: BigInt(message.offset),
    key: message.key,
    value: message.value,
    headers,
  };
}
