import { Kafka } from 'kafkajs';
import { readTopic } from '../kafkajs/read-topic';
import {
  DeadLetterEntry,
  deadLetterEntry,
  EntryMark,
  positionOf,
  replayRecord,
} from './dead-letter-entry';

/** Names the throwaway consumer groups of its reads. */
const TOOL = 'dlq-tool';
/** Entries are replayed, and marked so, in transactions of this many. */
const REPLAY_CHUNK = 100;

/**
 * A dead-letter topic as an operator works with it: its entries (an immutable log) and, in a
 * compacted topic beside it (`<dlq>.marks`), what became of each: acknowledged, or replayed.
 * Replaying sends entries back and marks them in one Kafka transaction, so that a replay cut
 * short and run again never sends an entry twice.
 */
export class DeadLetterTopic {
  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  /** The compacted topic of marks, keyed by `<partition>:<offset>` of the dead letter. */
  get marksTopic(): string {
    return `${this.topic}.marks`;
  }

  /** Reads every entry, oldest first per partition. */
  async entries(): Promise<DeadLetterEntry[]> {
    return (await readTopic(this.kafka, this.topic, TOOL)).map(deadLetterEntry);
  }

  /** Reads the latest mark of each marked entry (committed marks only). */
  async marks(): Promise<Map<string, EntryMark>> {
    const marks = new Map<string, EntryMark>();
    for (const record of await readTopic(this.kafka, this.marksTopic, TOOL)) {
      if (record.key && record.value) {
        marks.set(record.key.toString(), JSON.parse(record.value.toString()) as EntryMark);
      }
    }
    return marks;
  }

  /** Marks entries handled by a person, with who and why; the entries stay in the log. */
  async acknowledge(entries: readonly DeadLetterEntry[], by: string, why: string): Promise<void> {
    await this.ensureMarksTopic();
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const mark: EntryMark = { action: 'ack', by, at: new Date().toISOString(), why };
      await producer.send({
        topic: this.marksTopic,
        acks: -1,
        messages: entries.map((e) => ({ key: positionOf(e), value: JSON.stringify(mark) })),
      });
    } finally {
      await producer.disconnect();
    }
  }

  /**
   * Sends entries back to their original topics, in the order given, each marked replayed by
   * `run` in the same transaction. Resolves with how many were sent.
   */
  async replay(entries: readonly DeadLetterEntry[], run: string, by: string): Promise<number> {
    if (entries.length === 0) return 0;
    await this.ensureMarksTopic();
    const producer = this.kafka.producer({
      transactionalId: `dlq-replay:${this.topic}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      for (let i = 0; i < entries.length; i += REPLAY_CHUNK) {
        const chunk = entries.slice(i, i + REPLAY_CHUNK);
        const mark: EntryMark = {
          action: 'replayed',
          by,
          at: new Date().toISOString(),
          why: `replay run ${run}`,
          run,
        };
        const tx = await producer.transaction();
        try {
          for (const entry of chunk) {
            const record = replayRecord(entry, this.topic, run);
            await tx.send({
              topic: record.topic,
              acks: -1,
              messages: [{ key: record.key, value: record.value, headers: record.headers }],
            });
          }
          await tx.send({
            topic: this.marksTopic,
            acks: -1,
            messages: chunk.map((e) => ({ key: positionOf(e), value: JSON.stringify(mark) })),
          });
          await tx.commit();
        } catch (error) {
          await tx.abort().catch(() => undefined);
          throw error;
        }
      }
      return entries.length;
    } finally {
      await producer.disconnect();
    }
  }

  private async ensureMarksTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if ((await admin.listTopics()).includes(this.marksTopic)) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: this.marksTopic,
            numPartitions: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  }
}
