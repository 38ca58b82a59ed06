import { AdminClient, GlobalConfig, KafkaJS } from '@confluentinc/kafka-javascript';
import { BrokerAdmin, TopicSpec } from '../broker/broker-admin';
import { logEndOf, missingOf, provisionTopics, topicStatesOf } from '../broker/topic-provisioning';
import { newTopicOf } from '../broker/topic-replication';
import { ConnectionFailureLog } from './connection-failure-log';
import { explainLibrdkafkaConnectionFailure } from './librdkafka-connection-failure';
import { explainLibrdkafkaTopicCreationFailure } from './librdkafka-topic-refusals';

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
 * lacks). The client connects at its first request, not at `connect()`: until the brokers first
 * answered, a failed request is explained as a failed connection.
 */
export class LibrdkafkaAdmin implements BrokerAdmin {
  private admin?: KafkaJS.Admin;
  private answered = false;

  /**
   * @param failures the broker failures `kafka` logs, which explain a failed connection.
   * @param global librdkafka's global properties (bootstrap.servers, client.id, security).
   */
  constructor(
    private readonly kafka: KafkaJS.Kafka,
    private readonly failures: ConnectionFailureLog,
    private readonly global: GlobalConfig,
  ) {}

  /**
   * @throws BrokerConnectionError when the brokers refuse this client's security settings.
   * @throws TopicsRefusedError when the brokers refuse to create topics (an ACL missing).
   */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    await provisionTopics(specs, {
      listTopics: () => this.firstAnswered(() => admin.listTopics()),
      // Resolves, without an error, for topics another process created first.
      createTopics: async (missing) => {
        await admin
          .createTopics({ timeout: ADMIN_TIMEOUT_MS, topics: missing.map(newTopicOf) })
          .catch((error: unknown) => {
            throw explainLibrdkafkaTopicCreationFailure(error);
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

  /** @throws BrokerConnectionError when the brokers refuse this client's security settings. */
  async missingTopics(topics: readonly string[]): Promise<string[]> {
    return this.firstAnswered((admin) => missingOf(admin, topics));
  }

  /** @throws BrokerConnectionError when the brokers refuse this client's security settings. */
  async logEnd(topic: string, partition: number): Promise<bigint> {
    return this.firstAnswered((admin) => logEndOf(admin, topic, partition));
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

  /** Runs a request; until the brokers first answered one, explains its failure. */
  private async firstAnswered<T>(request: (admin: KafkaJS.Admin) => Promise<T>): Promise<T> {
    const admin = await this.connected();
    if (this.answered) return request(admin);
    try {
      const answer = await request(admin);
      this.answered = true;
      return answer;
    } catch (error) {
      throw explainLibrdkafkaConnectionFailure(error, this.failures.latest());
    }
  }

  private async connected(): Promise<KafkaJS.Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }
}
