import { BrokerAdmin } from '../broker/broker-admin';
import { BrokerProducer } from '../broker/broker-producer';
import { WorkerBroker } from '../broker/worker-broker';
import {
  kafkajsAdmin,
  kafkajsBroker,
  KafkajsBrokerOptions,
  kafkajsProducer,
  ProducerClientOptions,
} from '../kafkajs/kafkajs-broker';
import { KafkajsDefaults } from '../kafkajs/kafkajs.constants';
import type { LibrdkafkaBrokerOptions } from '../librdkafka/librdkafka-broker';

/** The Kafka clients a process can run on. */
export const KAFKA_CLIENTS = ['kafkajs', 'librdkafka'] as const;

/** A Kafka client a process can run on. */
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** The client of a process that names none. */
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'kafkajs';

/** Chooses a worker's Kafka client, and the librdkafka adapter's own settings. */
export interface KafkaClientOptions {
  /** @default DEFAULT_KAFKA_CLIENT */
  readonly kafkaClient?: KafkaClientName;
  /** Read only when `kafkaClient` is `librdkafka`. */
  readonly librdkafka?: LibrdkafkaBrokerOptions;
}

/**
 * Builds the broker ports of a worker on the client its options name. Both adapters take the
 * same `client` settings (brokers, clientId) and consumer timings; the session timeout and
 * heartbeat interval apply to librdkafka only under the classic group protocol.
 */
export function workerBrokerFor(
  options: KafkajsBrokerOptions & KafkaClientOptions & { groupId: string },
): WorkerBroker {
  if ((options.kafkaClient ?? DEFAULT_KAFKA_CLIENT) === 'kafkajs') return kafkajsBroker(options);
  return librdkafka().librdkafkaBroker(
    {
      client: librdkafkaClient(options.client, options.security),
      groupId: options.groupId,
      partitionsConsumedConcurrently:
        options.partitionsConsumedConcurrently ?? KafkajsDefaults.partitionsConsumedConcurrently,
      fromBeginning: options.fromBeginning ?? KafkajsDefaults.fromBeginning,
      sessionTimeoutMs: options.consumer?.sessionTimeout,
      heartbeatIntervalMs: options.consumer?.heartbeatInterval,
    },
    options.librdkafka,
  );
}

/** Builds an idempotent producer on `client`, for processes that only publish. */
export function producerFor(
  client: KafkaClientName,
  options: ProducerClientOptions,
): BrokerProducer {
  return client === 'kafkajs' ? kafkajsProducer(options) : librdkafka().librdkafkaProducer(options);
}

/** Builds a topic-provisioning admin on `client`, for processes that only publish. */
export function adminFor(client: KafkaClientName, options: ProducerClientOptions): BrokerAdmin {
  return client === 'kafkajs' ? kafkajsAdmin(options) : librdkafka().librdkafkaAdmin(options);
}

/**
 * Loads the librdkafka adapter on first use: its native addon starts librdkafka's threads and
 * must be built for this machine, which a process on kafkajs never needs.
 */
function librdkafka(): typeof import('../librdkafka/librdkafka-broker') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen, see above
  return require('../librdkafka/librdkafka-broker') as typeof import('../librdkafka/librdkafka-broker');
}

/**
 * Takes the kafkajs-shaped client settings that librdkafka can use.
 * @throws Error when brokers are given as a function (kafkajs's discovery hook), which librdkafka cannot call.
 */
function librdkafkaClient(
  client: KafkajsBrokerOptions['client'],
  security: KafkajsBrokerOptions['security'],
): ProducerClientOptions {
  if (!Array.isArray(client.brokers)) {
    throw new Error('client.brokers must be a list of host:port for the librdkafka client');
  }
  return {
    clientId: client.clientId ?? 'kafka-materialized',
    brokers: client.brokers,
    security,
  };
}
