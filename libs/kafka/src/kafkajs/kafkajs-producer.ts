import { Kafka, Partitioners, Producer, ProducerConfig } from 'kafkajs';
import { BrokerProducer, OutboundRecord } from '../broker/broker-producer';
import { groupByTopic } from '../broker/partition-offsets';
import { SendCoalescer } from '../broker/send-coalescer';
import { RecordRefusedError } from '../errors/record-refused.error';
import { toProduceError } from './kafkajs-refusals';

/** Producer settings we pass through to kafkajs, minus the keys that exactly-once publication owns. */
export type KafkajsProducerConfig = Omit<
  ProducerConfig,
  'idempotent' | 'maxInFlightRequests' | 'allowAutoTopicCreation'
>;

/**
 * An idempotent kafkajs producer with `acks: -1` (all in-sync replicas). Sends made while one is
 * in flight go together in the next request (kafkajs sends each call as its own request); when
 * the broker refuses records of a merged request, each call is sent again alone, so that a
 * refusal only ever reaches the caller whose records it concerns.
 */
export class KafkajsProducer implements BrokerProducer {
  private readonly producer: Producer;
  private readonly coalescer = new SendCoalescer<OutboundRecord>(
    (records) => this.sendBatch(records),
    2_000,
    false,
    (error) => error instanceof RecordRefusedError,
  );

  constructor(kafka: Kafka, config: KafkajsProducerConfig = {}) {
    // kafkajs supports idempotence only with one request in flight.
    this.producer = kafka.producer({
      // murmur2 on the key, as the Java client does: other clients agree on each key's partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      ...config,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** @throws RecordRefusedError when the broker refuses records for a reason no retry cures. */
  async send(records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.coalescer.send(records);
  }

  private async sendBatch(records: readonly OutboundRecord[]): Promise<void> {
    const byTopic = groupByTopic(records);
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic,
          messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      });
    } catch (error) {
      const mapped = toProduceError(error);
      // kafkajs rolls back the sequence numbers of every partition of a failed request, those
      // the broker accepted included; the next send there would be refused as out of order, or
      // dropped as a duplicate. A new producer id starts every sequence afresh.
      if (mapped instanceof RecordRefusedError) await this.producer.connect();
      throw mapped;
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
