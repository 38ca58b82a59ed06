import { Admin, Kafka } from 'kafkajs';
import { BrokerAdmin, TopicSpec } from '../broker/broker-admin';
import { explainConnectionFailure } from './kafkajs-connection-failure';

/** What CreateTopics takes for "the broker's default.replication.factor". */
const BROKER_DEFAULT = -1;

/** Provisions topics through the kafkajs admin client. */
export class KafkajsAdmin implements BrokerAdmin {
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      // createTopics answers false, not an error, when another process created them first.
      await admin.createTopics({
        waitForLeaders: true,
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
    }
    const present = specs.filter((spec) => existing.has(spec.topic));
    if (present.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
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
