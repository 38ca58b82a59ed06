import { Admin, Kafka, logLevel } from 'kafkajs';

/** What the benchmark asks Kafka: topics to create and delete, end offsets, committed offsets. */
export class KafkaProbe {
  private constructor(private readonly admin: Admin) {}

  /** Connects an admin client to the brokers. */
  static async connect(brokers: string[]): Promise<KafkaProbe> {
    const admin = new Kafka({
      clientId: 'bench-probe',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    return new KafkaProbe(admin);
  }

  /** Creates topics with the given partition count, waiting for their leaders. */
  async createTopics(topics: readonly string[], partitions: number): Promise<void> {
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    });
  }

  /** Deletes topics that exist; ignores the others. */
  async deleteTopics(topics: readonly string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) await this.admin.deleteTopics({ topics: present });
  }

  /** Returns how many records a topic holds (sum of high watermarks; nothing is ever deleted). */
  async recordCount(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  }

  /** Returns the sum of a group's committed offsets on a topic (0 for a partition without one). */
  async committedTotal(groupId: string, topic: string): Promise<number> {
    const [result] = await retryTransient(() =>
      this.admin.fetchOffsets({ groupId, topics: [topic] }),
    );
    return (result?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}

/**
 * Runs a call again while the broker answers with a retriable error, as a freshly started broker
 * does ("the coordinator is loading", "not the correct coordinator") for a few seconds.
 */
export async function retryTransient<T>(
  call: () => Promise<T>,
  attempts = 20,
  delayMs = 500,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
