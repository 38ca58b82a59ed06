import { GlobalConfig, KafkaJS } from '@confluentinc/kafka-javascript';
import { BrokerAdmin } from '../broker/broker-admin';
import { BrokerProducer } from '../broker/broker-producer';
import { BrokerSecurity } from '../broker/broker-security';
import { WorkerBroker } from '../broker/worker-broker';
import { LibrdkafkaAdmin } from './librdkafka-admin';
import { ConnectionFailureLog } from './connection-failure-log';
import { LibrdkafkaConsumer } from './librdkafka-consumer';
import { LIBRDKAFKA_LOG_LEVEL, librdkafkaLogger } from './librdkafka-logger';
import { LibrdkafkaProducer } from './librdkafka-producer';
import { librdkafkaSecurity } from './librdkafka-security';
import { GroupProtocol, LibrdkafkaDefaults } from './librdkafka.constants';

/** librdkafka properties, by their documented names. */
export type LibrdkafkaProperties = Readonly<Record<string, string | number | boolean>>;

/** Where the client connects, and as whom. */
export interface LibrdkafkaClientOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** TLS and SASL to the brokers. */
  readonly security?: BrokerSecurity;
}

/** Configures the librdkafka adapter of a worker's broker ports. */
export interface LibrdkafkaBrokerOptions {
  /** @default LibrdkafkaDefaults.groupProtocol */
  readonly groupProtocol?: GroupProtocol;
  /** @default LibrdkafkaDefaults.maxPollIntervalMs */
  readonly maxPollIntervalMs?: number;
  /** Further consumer properties, applied last. */
  readonly consumer?: LibrdkafkaProperties;
  /** Further producer properties, applied last (idempotence, acks and partitioner stay ours). */
  readonly producer?: LibrdkafkaProperties;
}

/** What a worker's librdkafka ports need beyond the adapter's own options. */
export interface LibrdkafkaWorkerSettings {
  readonly client: LibrdkafkaClientOptions;
  readonly groupId: string;
  readonly partitionsConsumedConcurrently: number;
  readonly fromBeginning: boolean;
  /** Classic protocol only. */
  readonly sessionTimeoutMs?: number;
  /** Classic protocol only. */
  readonly heartbeatIntervalMs?: number;
}

/** Builds the broker ports of a worker on librdkafka. */
export function librdkafkaBroker(
  settings: LibrdkafkaWorkerSettings,
  options: LibrdkafkaBrokerOptions = {},
): WorkerBroker {
  const { kafka, failures } = kafkaClient(settings.client);
  return {
    consumer: new LibrdkafkaConsumer(kafka, failures, {
      groupId: settings.groupId,
      groupProtocol: options.groupProtocol ?? LibrdkafkaDefaults.groupProtocol,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      maxPollIntervalMs: options.maxPollIntervalMs ?? LibrdkafkaDefaults.maxPollIntervalMs,
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      fromBeginning: settings.fromBeginning,
      config: options.consumer,
    }),
    producer: new LibrdkafkaProducer(kafka, failures, options.producer),
    admin: new LibrdkafkaAdmin(kafka, failures, globalConfig(settings.client)),
  };
}

/** Builds an idempotent producer (acks -1) on librdkafka, for processes that only publish. */
export function librdkafkaProducer(client: LibrdkafkaClientOptions): BrokerProducer {
  const { kafka, failures } = kafkaClient(client);
  return new LibrdkafkaProducer(kafka, failures);
}

/** Builds a topic-provisioning admin on librdkafka, for processes that only publish. */
export function librdkafkaAdmin(client: LibrdkafkaClientOptions): BrokerAdmin {
  const { kafka, failures } = kafkaClient(client);
  return new LibrdkafkaAdmin(kafka, failures, globalConfig(client));
}

function globalConfig(client: LibrdkafkaClientOptions): GlobalConfig {
  return {
    'bootstrap.servers': client.brokers.join(','),
    'client.id': client.clientId,
    ...librdkafkaSecurity(client.security),
  };
}

/**
 * Builds a client that logs warnings through Nest's logger, secured as `client.security` says,
 * and the log of the broker failures it reports, which explain a failed first connection.
 */
function kafkaClient(client: LibrdkafkaClientOptions): {
  kafka: KafkaJS.Kafka;
  failures: ConnectionFailureLog;
} {
  const failures = new ConnectionFailureLog();
  const kafka = new KafkaJS.Kafka({
    kafkaJS: {
      brokers: [...client.brokers],
      clientId: client.clientId,
      logger: librdkafkaLogger(failures),
      logLevel: LIBRDKAFKA_LOG_LEVEL,
    },
    ...librdkafkaSecurity(client.security),
  });
  return { kafka, failures };
}
