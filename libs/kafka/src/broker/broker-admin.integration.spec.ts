import { stackConfig, uniqueName } from '@app/testing';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { adminFor, KAFKA_CLIENTS } from '../clients/kafka-client';
import { BrokerAdmin } from './broker-admin';

/** The contract every admin adapter passes, run against the local broker on each client. */
describe.each(KAFKA_CLIENTS)('BrokerAdmin on %s', (client) => {
  const { brokers } = stackConfig();
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const inspector = kafka.admin();
  const topics = [uniqueName('test-topic'), uniqueName('test-topic')];

  function newAdmin(): BrokerAdmin {
    return adminFor(client, { clientId: uniqueName('test-admin'), brokers });
  }

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
    it("creates a topic with the replication it is given, as the topic's own settings", async () => {
      const admin = newAdmin();
      const topic = uniqueName('test-topic');
      try {
        await admin.ensureTopics([
          { topic, partitions: 1, replication: { factor: 1, minInsyncReplicas: 1 } },
        ]);
        const { resources } = await inspector.describeConfigs({
          resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
          includeSynonyms: false,
        });
        const minInsync = resources[0].configEntries.find(
          (e) => e.configName === 'min.insync.replicas',
        );
        expect(minInsync).toMatchObject({ configValue: '1', isDefault: false });
        const { topics: found } = await inspector.fetchTopicMetadata({ topics: [topic] });
        expect(found[0].partitions[0].replicas).toHaveLength(1);
      } finally {
        await admin.close();
        await inspector.deleteTopics({ topics: [topic] });
      }
    });

    it('provisions the same new topics from many processes at once, as apps starting together do', async () => {
      const fresh = [uniqueName('test-topic'), uniqueName('test-topic'), uniqueName('test-topic')];
      const admins = Array.from({ length: 8 }, newAdmin);
      try {
        const results = await Promise.allSettled(
          admins.map((admin) =>
            admin.ensureTopics(fresh.map((topic) => ({ topic, partitions: 6 }))),
          ),
        );
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        const { topics: found } = await inspector.fetchTopicMetadata({ topics: fresh });
        expect(found.map((t) => t.partitions.length)).toEqual([6, 6, 6]);
      } finally {
        await Promise.all(admins.map((admin) => admin.close()));
        await inspector.deleteTopics({ topics: fresh });
      }
    });

    it('creates missing topics, is harmless when repeated, and grows but never shrinks partitions', async () => {
      const admin = newAdmin();
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

  describe('missingTopics', () => {
    it('returns the topics that do not exist, and creates none of them', async () => {
      const admin = newAdmin();
      const existing = uniqueName('test-topic');
      const absent = uniqueName('test-topic');
      await inspector.createTopics({ topics: [{ topic: existing, numPartitions: 1 }] });
      try {
        expect(await admin.missingTopics([existing, absent])).toEqual([absent]);
        expect(await inspector.listTopics()).not.toContain(absent);
      } finally {
        await admin.close();
        await inspector.deleteTopics({ topics: [existing] });
      }
    });
  });

  describe('logEnd', () => {
    it("returns the offset after a partition's last record, and fails for a partition the topic lacks", async () => {
      const admin = newAdmin();
      const topic = uniqueName('test-topic');
      await inspector.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 2 }],
      });
      const producer = kafka.producer();
      await producer.connect();
      try {
        await producer.send({
          topic,
          messages: ['a', 'b', 'c'].map((value) => ({ partition: 1, value })),
        });
        expect(await admin.logEnd(topic, 1)).toBe(3n);
        expect(await admin.logEnd(topic, 0)).toBe(0n);
        await expect(admin.logEnd(topic, 2)).rejects.toThrow(`Topic ${topic} has no partition 2`);
      } finally {
        await producer.disconnect();
        await admin.close();
        await inspector.deleteTopics({ topics: [topic] });
      }
    });
  });
});
