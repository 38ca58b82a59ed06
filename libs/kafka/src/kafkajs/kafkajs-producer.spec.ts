import { Kafka, Producer } from 'kafkajs';
import { KafkajsProducer } from './kafkajs-producer';

/** A kafkajs producer that records what it is asked, failing the sends it is told to. */
class FakeProducer {
  readonly sent: string[][] = [];
  connected = 0;
  disconnected = 0;
  constructor(private readonly failures: Error[]) {}
  connect = async () => void this.connected++;
  disconnect = async () => void this.disconnected++;
  sendBatch = async (batch: { topicMessages: { messages: { value: Buffer | null }[] }[] }) => {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(batch.topicMessages.flatMap((t) => t.messages.map((m) => String(m.value))));
    return [];
  };
}

function rig(failures: Error[]): { producer: KafkajsProducer; made: FakeProducer[] } {
  const made: FakeProducer[] = [];
  const kafka = {
    producer: () => {
      // Only the first kafkajs producer meets the failures: a new one has a new producer id.
      const fake = new FakeProducer(made.length === 0 ? failures : []);
      made.push(fake);
      return fake as unknown as Producer;
    },
  } as unknown as Kafka;
  return { producer: new KafkajsProducer(kafka), made };
}

const record = (value: string) => ({
  topic: 't',
  key: 'k',
  value: Buffer.from(value),
  headers: {},
});

describe(KafkajsProducer.name, () => {
  it('sends after a failed send through a new kafkajs producer (a new producer id), never the rolled-back one', async () => {
    // kafkajs's KafkaJSProtocolError OUT_OF_ORDER_SEQUENCE_NUMBER: not a refusal of the records.
    const outOfOrder = new Error('The broker received an out of order sequence number');
    const { producer, made } = rig([outOfOrder]);
    await producer.connect();

    await expect(producer.send([record('a')])).rejects.toBe(outOfOrder);
    await producer.send([record('a'), record('b')]);

    expect(made).toHaveLength(2);
    expect(made[0]).toMatchObject({ sent: [], disconnected: 1 });
    expect(made[1]).toMatchObject({ sent: [['a', 'b']], connected: 1 });
  });

  it('keeps its kafkajs producer while sends succeed', async () => {
    const { producer, made } = rig([]);
    await producer.connect();
    await producer.send([record('a')]);
    await producer.send([record('b')]);
    expect(made).toHaveLength(1);
    expect(made[0].sent).toEqual([['a'], ['b']]);
  });

  it('tries a new kafkajs producer again on the next send when connecting it failed', async () => {
    const { producer, made } = rig([new Error('connection closed')]);
    await producer.connect();
    await expect(producer.send([record('a')])).rejects.toThrow('connection closed');
    // The broker is still down when the next send renews the producer.
    const next = made.length;
    const realCreate = (producer as unknown as { create: () => FakeProducer }).create;
    let refuseConnect = true;
    (producer as unknown as { create: () => FakeProducer }).create = () => {
      const fake = realCreate();
      if (refuseConnect) fake.connect = async () => Promise.reject(new Error('broker down'));
      return fake;
    };
    await expect(producer.send([record('a')])).rejects.toThrow('broker down');
    refuseConnect = false;
    await producer.send([record('a')]);
    expect(made.length).toBe(next + 2);
    expect(made[made.length - 1].sent).toEqual([['a']]);
  });
});
