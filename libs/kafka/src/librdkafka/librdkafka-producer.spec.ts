import { KafkaJS } from '@confluentinc/kafka-javascript';
import { ConnectionFailureLog } from './connection-failure-log';
import { LibrdkafkaProducer } from './librdkafka-producer';

/** Builds a producer on a client that only records the configuration it was given. */
function configOf(config?: Record<string, string | number | boolean>): Record<string, unknown> {
  let given: Record<string, unknown> = {};
  const kafka = {
    producer: (settings: Record<string, unknown>) => {
      given = settings;
      return {};
    },
  } as unknown as KafkaJS.Kafka;
  new LibrdkafkaProducer(kafka, new ConnectionFailureLog(), config);
  return given;
}

describe(LibrdkafkaProducer.name, () => {
  it('sends each record as it comes, idempotent, to all in-sync replicas, keys hashed as Java does', () => {
    expect(configOf()).toMatchObject({
      'linger.ms': 0,
      'enable.idempotence': true,
      acks: -1,
      partitioner: 'murmur2_random',
    });
  });

  it('lets the configuration linger, but never give up idempotence or acks=all', () => {
    expect(configOf({ 'linger.ms': 5, acks: 1, 'enable.idempotence': false })).toMatchObject({
      'linger.ms': 5,
      'enable.idempotence': true,
      acks: -1,
    });
  });
});
