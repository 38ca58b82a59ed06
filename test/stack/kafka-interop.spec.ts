import {
  KcatRecord,
  kcatProduce,
  kcatReadAll,
  kcatWrite,
  stackConfig,
  uniqueName,
  waitFor,
} from '@app/testing';
import {
  Consumer,
  EachMessagePayload,
  IHeaders,
  Kafka,
  logLevel,
  Partitioners,
  Producer,
  ProducerConfig,
} from 'kafkajs';

/** A record as kafkajs wrote or read it, in kcat's vocabulary so the two compare directly. */
interface ConsumedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly payload: string | null;
  readonly headers: Record<string, string>;
}

const PARTITIONS = 3;
const UTF8_HEADER = 'grüße, 世界 🚀';

describe('kafkajs and kcat against the stack broker', () => {
  const kafka = new Kafka({
    brokers: stackConfig().brokers,
    clientId: 'kafka-interop-spec',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topics: string[] = [];
  const clients: (Producer | Consumer)[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.disconnect()));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  async function createTopic(): Promise<string> {
    const topic = uniqueName('test-topic');
    topics.push(topic);
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    return topic;
  }

  async function connectedProducer(config: ProducerConfig = {}): Promise<Producer> {
    // Java-compatible murmur2, so kafkajs and every other client agree on key -> partition.
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      ...config,
    });
    clients.push(producer);
    await producer.connect();
    return producer;
  }

  /** Starts a consumer of `topic` from the beginning and collects what it sees; `onRecord` runs before collecting. */
  async function runningConsumer(
    topic: string,
    groupId: string,
    onRecord: (payload: EachMessagePayload) => Promise<void> = async () => undefined,
  ): Promise<{ consumer: Consumer; received: ConsumedRecord[] }> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    clients.push(consumer);
    const received: ConsumedRecord[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async (payload) => {
        await onRecord(payload);
        const { partition, message } = payload;
        received.push({
          partition,
          offset: Number(message.offset),
          key: message.key?.toString('utf8') ?? null,
          payload: message.value?.toString('utf8') ?? null,
          headers: headerText(message.headers),
        });
      },
    });
    return { consumer, received };
  }

  async function readAll(topic: string, count: number): Promise<KcatRecord[]> {
    return waitFor(
      () => kcatReadAll(topic),
      (records) => records.length >= count,
      { what: `${count} records in ${topic}` },
    );
  }

  it('kcat reads what kafkajs wrote: key, payload, headers (UTF-8 too), and one partition per key', async () => {
    const topic = await createTopic();
    const producer = await connectedProducer();
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const sent: ConsumedRecord[] = [];
    for (const round of [1, 2]) {
      for (const key of keys) {
        const payload = JSON.stringify({ key, round });
        const headers = {
          ce_id: `${key}-${round}`,
          ce_type: 'test.interop',
          greeting: UTF8_HEADER,
        };
        const [metadata] = await producer.send({
          topic,
          messages: [{ key, value: payload, headers }],
        });
        sent.push({
          partition: metadata.partition,
          offset: Number(metadata.baseOffset),
          key,
          payload,
          headers,
        });
      }
    }

    const records = await readAll(topic, sent.length);
    expect(records).toHaveLength(sent.length);
    for (const expected of sent) {
      const record = records.find(
        (r) => r.partition === expected.partition && r.offset === expected.offset,
      );
      expect(record).toMatchObject({
        key: expected.key,
        payload: expected.payload,
        headers: expected.headers,
      });
    }
    expect(partitionsByKey(records).size).toBe(keys.length);
    expect(new Set(records.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it("kcat's murmur2_random partitioner puts every key on the partition kafkajs's DefaultPartitioner chose", async () => {
    const topic = await createTopic();
    const producer = await connectedProducer();
    const keys = Array.from({ length: 12 }, (_, i) => `customer-${i}`);
    const kafkajsChoice = new Map<string, number>();
    for (const key of keys) {
      const [metadata] = await producer.send({ topic, messages: [{ key, value: 'kafkajs' }] });
      kafkajsChoice.set(key, metadata.partition);
    }
    // kcat's default partitioner is consistent_random (CRC32) and disagrees with kafkajs.
    await kcatProduceLines(
      topic,
      keys.map((key) => `${key}\u0001kcat`),
      ['-K', '\u0001', '-X', 'partitioner=murmur2_random'],
    );

    const records = await readAll(topic, 2 * keys.length);
    const kcatChoice = new Map(
      records.filter((r) => r.payload === 'kcat').map((r) => [r.key, r.partition]),
    );
    expect(Object.fromEntries(kcatChoice)).toEqual(Object.fromEntries(kafkajsChoice));
    expect(new Set(kafkajsChoice.values()).size).toBe(PARTITIONS);
  });

  it('a kafkajs consumer reads what kcat wrote: key, payload, headers (UTF-8 too), partition and offset', async () => {
    const topic = await createTopic();
    const writes: { key?: string; value: string; headers?: Record<string, string> }[] = [
      { key: 'k-1', value: 'first', headers: { ce_id: 'e-1', greeting: UTF8_HEADER } },
      { key: 'k-2', value: 'second', headers: { ce_id: 'e-2' } },
      { key: 'k-1', value: 'third', headers: { ce_id: 'e-3', ce_type: 'test.interop' } },
      { value: '{"keyless":true}', headers: { ce_id: 'e-4' } },
      { key: 'k-3', value: 'fifth' },
    ];
    for (const write of writes) await kcatProduce(topic, write);

    const { received } = await runningConsumer(topic, uniqueName('test-group'));
    await waitFor(
      async () => received.length,
      (n) => n >= writes.length,
      { what: `${writes.length} records consumed` },
    );
    const truth = await kcatReadAll(topic);
    const comparable = truth.map(({ partition, offset, key, payload, headers }) => ({
      partition,
      offset,
      key,
      payload,
      headers,
    }));
    expect(sortByPosition(received)).toEqual(sortByPosition(comparable));
    expect(received.map((r) => r.payload).sort()).toEqual(writes.map((w) => w.value).sort());
    expect(received.find((r) => r.payload === 'first')?.headers.greeting).toBe(UTF8_HEADER);
    expect(received.find((r) => r.payload?.includes('keyless'))?.key).toBeNull();
    expect(partitionsByKey(received).get('k-1')?.size).toBe(1);
  });

  it('a consumer group commits offset + 1 by hand, and the next member resumes after the committed offset', async () => {
    const topic = await createTopic();
    const groupId = uniqueName('test-group');
    const producer = await connectedProducer();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await producer.send({ topic, messages: keys.map((key) => ({ key, value: `before-${key}` })) });

    const first = await runningConsumer(topic, groupId, async ({ partition, message }) => {
      const next = (BigInt(message.offset) + 1n).toString();
      await first.consumer.commitOffsets([{ topic, partition, offset: next }]);
    });
    await waitFor(
      async () => first.received.length,
      (n) => n >= keys.length,
      { what: 'the first batch consumed' },
    );
    await first.consumer.disconnect();

    const nextByPartition = new Map<number, number>();
    for (const { partition, offset } of first.received) {
      nextByPartition.set(partition, Math.max(nextByPartition.get(partition) ?? 0, offset + 1));
    }
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.topic).toBe(topic);
    expect(committed.partitions).toHaveLength(PARTITIONS);
    for (const { partition, offset } of committed.partitions) {
      // kafkajs reports a partition without a committed offset as '-1'.
      expect({ partition, offset }).toEqual({
        partition,
        offset: String(nextByPartition.get(partition) ?? -1),
      });
    }

    await producer.send({ topic, messages: keys.map((key) => ({ key, value: `after-${key}` })) });
    const second = await runningConsumer(topic, groupId);
    await waitFor(
      async () => second.received.length,
      (n) => n >= keys.length,
      { what: 'the second batch consumed' },
    );
    // Per partition the older records come first, so a re-delivery would already be in `received`.
    expect(second.received.map((r) => r.payload).sort()).toEqual(keys.map((key) => `after-${key}`));
    for (const record of second.received) {
      expect(record.offset).toBeGreaterThanOrEqual(nextByPartition.get(record.partition) ?? 0);
    }
  });

  it('an idempotent producer (acks -1, one request in flight) writes in order, as kcat reads back', async () => {
    const topic = await createTopic();
    const producer = await connectedProducer({ idempotent: true, maxInFlightRequests: 1 });
    const batches = 4;
    const perBatch = 5;
    const offsets: number[] = [];
    for (let batch = 0; batch < batches; batch++) {
      const messages = Array.from({ length: perBatch }, (_, i) => ({
        key: 'order-1',
        value: `seq-${batch * perBatch + i}`,
      }));
      const [metadata] = await producer.send({ topic, acks: -1, messages });
      expect(metadata.errorCode).toBe(0);
      offsets.push(Number(metadata.baseOffset));
    }
    expect(offsets).toEqual([0, 5, 10, 15]);

    const records = await readAll(topic, batches * perBatch);
    expect(new Set(records.map((r) => r.partition)).size).toBe(1);
    expect(records.map((r) => r.offset)).toEqual(
      Array.from({ length: batches * perBatch }, (_, i) => i),
    );
    expect(records.map((r) => r.payload)).toEqual(
      Array.from({ length: batches * perBatch }, (_, i) => `seq-${i}`),
    );
  });
});

/** Decodes kafkajs headers as UTF-8 text; a repeated header keeps its last value, as kcatReadAll does. */
function headerText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) text[name] = last.toString('utf8');
  }
  return text;
}

function partitionsByKey(
  records: readonly { key: string | null; partition: number }[],
): Map<string | null, Set<number>> {
  const byKey = new Map<string | null, Set<number>>();
  for (const { key, partition } of records)
    byKey.set(key, (byKey.get(key) ?? new Set<number>()).add(partition));
  return byKey;
}

function sortByPosition<T extends { partition: number; offset: number }>(
  records: readonly T[],
): T[] {
  return [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** Writes one record per line with kcat, passing `extraArgs` (e.g. a partitioner) through. */
function kcatProduceLines(
  topic: string,
  lines: readonly string[],
  extraArgs: readonly string[],
): Promise<void> {
  const args = ['-b', stackConfig().brokers[0], '-P', '-t', topic, ...extraArgs];
  return kcatWrite(args, `${lines.join('\n')}\n`);
}
