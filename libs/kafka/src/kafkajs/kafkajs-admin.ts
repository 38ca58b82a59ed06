import { Admin, Kafka } from 'kafkajs';
import { BrokerAdmin, TopicSpec } from '../broker/broker-admin';
import { explainConnectionFailure } from './kafkajs-connection-failure';
import { explainTopicCreationFailure } from './kafkajs-topic-refusals';

/** What CreateTopics takes for "the broker's default.replication.factor". */
const BROKER_DEFAULT = -1;

/** Reads of a topic another process is creating: how many, and the pause before the n-th. */
const METADATA_ATTEMPTS = 10;
const METADATA_BACKOFF_MS = 200;

/** Provisions topics through the kafkajs admin client. */
export class KafkajsAdmin implements BrokerAdmin {
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      // createTopics answers false, not an error, when another process created them first. Its own
      // wait for leaders gives up on a topic the broker does not serve yet: ours reads again.
      const created = admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replication?.factor ?? BROKER_DEFAULT,
          configEntries:
            spec.replication?.minInsyncReplicas === undefined
              ? []
              : [
                  {
                    name: 'min.insync.replicas',
                    value: String(spec.replication.minInsyncReplicas),
                  },
                ],
        })),
      });
      await created.catch((error: unknown) => {
        throw explainTopicCreationFailure(error);
      });
      await untilLed(
        admin,
        missing.map((spec) => spec.topic),
      );
    }
    const present = specs.filter((spec) => existing.has(spec.topic));
    if (present.length === 0) return;
    const metadata = await topicMetadata(
      admin,
      present.map((spec) => spec.topic),
    );
    const grow = present.flatMap((spec) => {
      const current =
        metadata.topics.find((topic) => topic.name === spec.topic)?.partitions.length ?? 0;
      return current < spec.partitions ? [{ topic: spec.topic, count: spec.partitions }] : [];
    });
    if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
  }

  async missingTopics(topics: readonly string[]): Promise<string[]> {
    const existing = new Set(await (await this.connected()).listTopics());
    return topics.filter((topic) => !existing.has(topic));
  }

  async logEnd(topic: string, partition: number): Promise<bigint> {
    const offsets = await (await this.connected()).fetchTopicOffsets(topic);
    const found = offsets.find((offset) => offset.partition === partition);
    if (!found) throw new Error(`Topic ${topic} has no partition ${partition}`);
    return BigInt(found.high);
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private async connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect().catch((error: unknown) => {
        throw explainConnectionFailure(error);
      });
      this.admin = admin;
    }
    return this.admin;
  }
}

/**
 * Reads the topics' metadata. A topic just created (here or by another process) may not be
 * served yet ("This server does not host this topic-partition", no leader), as when the apps of
 * a landscape start together on a fresh broker; such retriable answers are read again.
 */
async function topicMetadata(admin: Admin, topics: string[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicMetadata({ topics });
    } catch (error) {
      const retriable = error instanceof Error && 'retriable' in error && error.retriable === true;
      if (!retriable || attempt >= METADATA_ATTEMPTS) throw error;
      await pause(METADATA_BACKOFF_MS * attempt);
    }
  }
}

/**
 * Waits until every partition of the topics has a leader, so that what follows (a producer, a
 * consumer, a partition count) sees them served.
 * @throws Error naming the topics when they still have none after the last read.
 */
async function untilLed(admin: Admin, topics: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { topics: found } = await topicMetadata(admin, topics);
    const led = (name: string) => {
      const partitions = found.find((topic) => topic.name === name)?.partitions ?? [];
      return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
    };
    const leaderless = topics.filter((name) => !led(name));
    if (leaderless.length === 0) return;
    if (attempt >= METADATA_ATTEMPTS)
      throw new Error(`Topics ${leaderless.join(', ')} have no leader yet; is the broker healthy?`);
    await pause(METADATA_BACKOFF_MS * attempt);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
