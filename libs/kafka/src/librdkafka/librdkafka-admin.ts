import { AdminClient, GlobalConfig, KafkaJS } from '@confluentinc/kafka-javascript';
import { BrokerAdmin, TopicSpec } from '../broker/broker-admin';
import { logEndOf, missingOf, provisionTopics, topicStatesOf } from '../broker/topic-provisioning';
import { newTopicOf } from '../broker/topic-replication';

/** Errors of a topic just created that the broker does not serve yet. */
const NOT_SERVED_YET: ReadonlySet<number> = new Set([
  KafkaJS.ErrorCodes.ERR_UNKNOWN_TOPIC_OR_PART,
  KafkaJS.ErrorCodes.ERR_LEADER_NOT_AVAILABLE,
  KafkaJS.ErrorCodes.ERR_NOT_LEADER_FOR_PARTITION,
]);

/** How long an admin request may take before it fails. */
const ADMIN_TIMEOUT_MS = 30_000;

/**
 * Provisions topics through librdkafka's admin client: the promise API for listing, creating
 * and describing topics, the callback API for growing partition counts (which the promise API
 * lacks).
 */
export class LibrdkafkaAdmin implements BrokerAdmin {
  private admin?: KafkaJS.Admin;

  /** @param global librdkafka's global properties (bootstrap.servers, client.id, security). */
  constructor(
    private readonly kafka: KafkaJS.Kafka,
    private readonly global: GlobalConfig,
  ) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    await provisionTopics(specs, {
      listTopics: () => admin.listTopics(),
      // Resolves, without an error, for topics another process created first.
      createTopics: async (missing) => {
        await admin.createTopics({
          timeout: ADMIN_TIMEOUT_MS,
          topics: missing.map(newTopicOf),
        });
      },
      describeTopics: async (topics) =>
        topicStatesOf(await admin.fetchTopicMetadata({ topics: [...topics] })),
      growPartitions: async (grow) => {
        for (const spec of grow) await this.growPartitions(spec);
      },
      // The client marks no admin error retriable: these say the topic is not served yet.
      isRetriable: (error) =>
        NOT_SERVED_YET.has((error as { code?: unknown } | undefined)?.code as number),
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

  private growPartitions(spec: TopicSpec): Promise<void> {
    const client = AdminClient.create(this.global);
    return new Promise<void>((resolve, reject) => {
      client.createPartitions(spec.topic, spec.partitions, ADMIN_TIMEOUT_MS, (error) => {
        client.disconnect();
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private async connected(): Promise<KafkaJS.Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }
}
