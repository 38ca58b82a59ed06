import { KafkaJS } from '@confluentinc/kafka-javascript';
import { BrokerProducer, OutboundRecord } from '../broker/broker-producer';
import { groupByTopic } from '../broker/partition-offsets';
import { RecordRefusedError } from '../errors/record-refused.error';
import { ConnectionFailureLog } from './connection-failure-log';
import { LibrdkafkaDefaults } from './librdkafka.constants';
import { explainLibrdkafkaConnectionFailure } from './librdkafka-connection-failure';

/**
 * librdkafka error codes that refuse the records of a produce request themselves (the broker's,
 * or the client's own check of the same rule): retrying the same records can never succeed.
 * @see https://kafka.apache.org/protocol#protocol_error_codes
 */
const RECORD_REFUSALS: ReadonlyMap<number, string> = new Map([
  [KafkaJS.ErrorCodes.ERR_INVALID_MSG, 'CORRUPT_MESSAGE'],
  [KafkaJS.ErrorCodes.ERR_MSG_SIZE_TOO_LARGE, 'MESSAGE_TOO_LARGE'],
  [KafkaJS.ErrorCodes.ERR_TOPIC_EXCEPTION, 'INVALID_TOPIC_EXCEPTION'],
  [KafkaJS.ErrorCodes.ERR_RECORD_LIST_TOO_LARGE, 'RECORD_LIST_TOO_LARGE'],
  [KafkaJS.ErrorCodes.ERR_INVALID_TIMESTAMP, 'INVALID_TIMESTAMP'],
  [KafkaJS.ErrorCodes.ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT, 'UNSUPPORTED_FOR_MESSAGE_FORMAT'],
  [KafkaJS.ErrorCodes.ERR_POLICY_VIOLATION, 'POLICY_VIOLATION'],
  [KafkaJS.ErrorCodes.ERR_INVALID_RECORD, 'INVALID_RECORD'],
]);

/**
 * An idempotent librdkafka producer with `acks: -1` (all in-sync replicas). librdkafka batches
 * the records queued while a request is in flight and keeps several requests in flight without
 * reordering, so each call is sent as it comes, with no linger (`LibrdkafkaDefaults.lingerMs`;
 * `linger.ms` in `config` overrides it). Keys are partitioned with murmur2, as kafkajs and the Java
 * client do, so every client agrees on each key's partition.
 */
export class LibrdkafkaProducer implements BrokerProducer {
  private readonly producer: KafkaJS.Producer;

  /** @param failures the broker failures `kafka` logs, which explain a failed connection. */
  constructor(
    kafka: KafkaJS.Kafka,
    private readonly failures: ConnectionFailureLog,
    config: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    this.producer = kafka.producer({
      'linger.ms': LibrdkafkaDefaults.lingerMs,
      ...config,
      'enable.idempotence': true,
      acks: -1,
      partitioner: 'murmur2_random',
      'allow.auto.create.topics': false,
    });
  }

  /** @throws BrokerConnectionError when the brokers refuse this client's security settings. */
  async connect(): Promise<void> {
    await this.producer.connect().catch((error: unknown) => {
      throw explainLibrdkafkaConnectionFailure(error, this.failures.latest());
    });
  }

  /** @throws RecordRefusedError when the broker refuses records for a reason no retry cures. */
  async send(records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = groupByTopic(records);
    try {
      await this.producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic,
          messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      });
    } catch (error) {
      throw toProduceError(error);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Maps a refusal of the records (by librdkafka's error code) to a `RecordRefusedError`. */
function toProduceError(error: unknown): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'number' ? RECORD_REFUSALS.get(code) : undefined;
  if (reason === undefined || !(error instanceof Error)) return error;
  return new RecordRefusedError(reason, error.message, { cause: error });
}
