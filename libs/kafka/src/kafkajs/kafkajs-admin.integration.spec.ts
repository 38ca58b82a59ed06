import { stackConfig, uniqueName } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { KafkajsAdmin } from './kafkajs-admin';

describe(KafkajsAdmin.name, () => {
  const kafka = new Kafka({ brokers: stackConfig().brokers, logLevel: logLevel.NOTHING });
  const inspector = kafka.admin();
  const topics = [uniqueName('test-topic'), uniqueName('test-topic')];

  beforeAll(() => inspector.connect());
  afterAll(async () => {
    await inspector.deleteTopics({ topics }).catch(() => undefined);
    await inspector.disconnect();
  });

  async function partitionCounts(): Promise<number[]> {
    const { topics: found } = await inspector.fetchTopicMetadata({ topics });
    return topics.map((name) => found.find((t) => t.name === name)?.partitions.length ?? 0);
  }

  describe('ensureTopics', () => {
    it('creates missing topics, is harmless when repeated, and grows but never shrinks partitions', async () => {
      const admin = new KafkajsAdmin(kafka);
      try {
        await admin.ensureTopics([
          { topic: topics[0], partitions: 3 },
          { topic: topics[1], partitions: 2 },
        ]);
        expect(await partitionCounts()).toEqual([3, 2]);

        await admin.ensureTopics([
          { topic: topics[0], partitions: 3 },
          { topic: topics[1], partitions: 2 },
        ]);
        expect(await partitionCounts()).toEqual([3, 2]);

        await admin.ensureTopics([
          { topic: topics[0], partitions: 5 },
          { topic: topics[1], partitions: 1 },
        ]);
        expect(await partitionCounts()).toEqual([5, 2]);
      } finally {
        await admin.close();
      }
    });
  });
});
