import { Admin, Kafka } from 'kafkajs';
import { BrokerAdmin, TopicSpec } from '../broker/broker-admin';
import { provisionTopics } from '../broker/topic-provisioning';

/** Provisions topics through the kafkajs admin client. */
export class KafkajsAdmin implements BrokerAdmin {
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    await provisionTopics(specs, {
      listTopics: () => admin.listTopics(),
      // createTopics answers false, not an error, when another process created them first.
      createTopics: async (missing) => {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions })),
        });
      },
      partitionCounts: async (topics) => {
        const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
        return new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
      },
      growPartitions: async (grow) => {
        await admin.createPartitions({
          topicPartitions: grow.map((spec) => ({ topic: spec.topic, count: spec.partitions })),
        });
      },
    });
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
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }
}
