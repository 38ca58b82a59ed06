import { Kafka, Partitioners, Producer, ProducerConfig } from 'kafkajs';
import { BrokerProducer, OutboundRecord } from '../broker/broker-producer';
import { groupByTopic } from '../broker/partition-offsets';
import { SendCoalescer } from '../broker/send-coalescer';
import { RecordRefusedError } from '../errors/record-refused.error';
import { explainConnectionFailure } from './kafkajs-connection-failure';
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
 * refusal only ever reaches the caller whose records it concerns. After any failed send the next
 * one goes through a new kafkajs producer (a new producer id): see `sendBatch`.
 */
export class KafkajsProducer implements BrokerProducer {
  private producer: Producer;
  private readonly create: () => Producer;
  /** A send failed: the kafkajs producer's sequence numbers can no longer be trusted. */
  private stale = false;
  private readonly coalescer = new SendCoalescer<OutboundRecord>(
    (records) => this.sendBatch(records),
    2_000,
    false,
    (error) => error instanceof RecordRefusedError,
  );

  constructor(kafka: Kafka, config: KafkajsProducerConfig = {}) {
    // kafkajs supports idempotence only with one request in flight.
    this.create = () =>
      kafka.producer({
        // murmur2 on the key, as the Java client does: other clients agree on each key's partition.
        createPartitioner: Partitioners.DefaultPartitioner,
        ...config,
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
    this.producer = this.create();
  }

  /** @throws BrokerConnectionError when the brokers refuse this client's security settings. */
  async connect(): Promise<void> {
    await this.producer.connect().catch((error: unknown) => {
      throw explainConnectionFailure(error);
    });
  }

  /** @throws RecordRefusedError when the broker refuses records for a reason no retry cures. */
  async send(records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.coalescer.send(records);
  }

  private async sendBatch(records: readonly OutboundRecord[]): Promise<void> {
    if (this.stale) await this.renew();
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
      // kafkajs rolls back the sequence numbers of every partition of a failed request, those
      // the broker accepted included. A later send there, of other records under the same
      // numbers, is refused as out of order, or taken by the broker for a duplicate of what it
      // accepted and dropped without a word: records lost while their outbox rows are deleted.
      // kafkajs keeps its producer id across connect(); a new producer starts every sequence
      // afresh. At worst a record the broker had accepted is published again, with its event id.
      this.stale = true;
      throw toProduceError(error);
    }
  }

  /** Replaces the kafkajs producer by a new one (a new producer id), connected. */
  private async renew(): Promise<void> {
    const previous = this.producer;
    this.producer = this.create();
    await previous.disconnect().catch(() => undefined);
    await this.connect();
    this.stale = false;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
