import { Admin, Kafka } from 'kafkajs';
import { BrokerAdmin, TopicSpec } from '../broker/broker-admin';
import { newTopicOf } from '../broker/topic-replication';
import { logEndOf, missingOf, provisionTopics, topicStatesOf } from '../broker/topic-provisioning';
import { explainConnectionFailure } from './kafkajs-connection-failure';
import { explainTopicCreationFailure } from './kafkajs-topic-refusals';

/** Provisions topics through the kafkajs admin client. */
export class KafkajsAdmin implements BrokerAdmin {
  private admin?: Admin;

  constructor(private readonly kafka: Kafka) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    await provisionTopics(specs, {
      listTopics: () => admin.listTopics(),
      createTopics: async (missing) => {
        // createTopics answers false, not an error, when another process created them first. Its
        // own wait for leaders gives up on a topic the broker does not serve yet: ours reads again.
        await admin
          .createTopics({
            waitForLeaders: false,
            topics: missing.map(newTopicOf),
          })
          .catch((error: unknown) => {
            throw explainTopicCreationFailure(error);
          });
      },
      describeTopics: async (topics) =>
        topicStatesOf((await admin.fetchTopicMetadata({ topics: [...topics] })).topics),
      growPartitions: async (grow) => {
        await admin.createPartitions({
          topicPartitions: grow.map((spec) => ({ topic: spec.topic, count: spec.partitions })),
        });
      },
    });
  }

  async missingTopics(topics: readonly string[]): Promise<string[]> {
    return missingOf(await this.connected(), topics);
  }

  async logEnd(topic: string, partition: number): Promise<bigint> {
    return logEndOf(await this.connected(), topic, partition);
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
