import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { BrokerAdmin } from '../broker/broker-admin';
import { BrokerProducer } from '../broker/broker-producer';
import { BrokerSecurity } from '../broker/broker-security';
import { WorkerBroker } from '../broker/worker-broker';
import { KafkajsAdmin } from './kafkajs-admin';
import { nestLogCreator } from './kafkajs-log-creator';
import { KafkajsConsumer, KafkajsConsumerConfig } from './kafkajs-consumer';
import { KafkajsProducer, KafkajsProducerConfig } from './kafkajs-producer';
import { kafkajsSecurity } from './kafkajs-security';
import { KafkajsDefaults } from './kafkajs.constants';

/** Configures the kafkajs adapter of a worker's broker ports. */
export interface KafkajsBrokerOptions {
  /** kafkajs client settings (brokers, clientId, ...). */
  readonly client: KafkaConfig;
  /** TLS and SASL to the brokers; takes the place of `client.ssl` and `client.sasl`. */
  readonly security?: BrokerSecurity;
  /** @default KafkajsDefaults.partitionsConsumedConcurrently */
  readonly partitionsConsumedConcurrently?: number;
  /** @default KafkajsDefaults.fromBeginning */
  readonly fromBeginning?: boolean;
  /** @default sessionTimeout KafkajsDefaults.sessionTimeoutMs, heartbeatInterval KafkajsDefaults.heartbeatIntervalMs */
  readonly consumer?: KafkajsConsumerConfig;
  readonly producer?: KafkajsProducerConfig;
}

/** Builds the broker ports of a worker of consumer group `groupId` on kafkajs. */
export function kafkajsBroker(options: KafkajsBrokerOptions & { groupId: string }): WorkerBroker {
  const kafka = kafkaClient(options.client, options.security);
  return {
    consumer: new KafkajsConsumer(
      kafka,
      options.groupId,
      {
        sessionTimeout: KafkajsDefaults.sessionTimeoutMs,
        heartbeatInterval: KafkajsDefaults.heartbeatIntervalMs,
        ...options.consumer,
      },
      options.partitionsConsumedConcurrently ?? KafkajsDefaults.partitionsConsumedConcurrently,
      options.fromBeginning ?? KafkajsDefaults.fromBeginning,
    ),
    producer: new KafkajsProducer(kafka, options.producer),
    admin: new KafkajsAdmin(kafka),
  };
}

/** Client settings a producer-only process (an API) needs. */
export interface ProducerClientOptions {
  readonly clientId: string;
  readonly brokers: string[];
  readonly security?: BrokerSecurity;
}

/** Builds an idempotent producer (acks -1) on kafkajs, for processes that only publish. */
export function kafkajsProducer(options: ProducerClientOptions): BrokerProducer {
  return new KafkajsProducer(kafkaClient(options, options.security));
}

/** Builds a topic-provisioning admin on kafkajs, for processes that only publish. */
export function kafkajsAdmin(options: ProducerClientOptions): BrokerAdmin {
  return new KafkajsAdmin(kafkaClient(options, options.security));
}

/**
 * How long kafkajs waits between attempts, and before it restarts a consumer whose retries ran
 * out. Its default ceiling (30 s, randomised) kept a worker idle for about 30 s after a broker
 * came back; 2 s bounds that wait while keeping the backoff against a broker that is down.
 */
const RETRY = { initialRetryTime: 300, maxRetryTime: 2_000 } as const;

/** Builds a kafkajs client that logs warnings and errors through Nest's logger. */
export function kafkaClient(config: KafkaConfig, security?: BrokerSecurity): Kafka {
  return new Kafka({
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
    retry: RETRY,
    ...config,
    ...(security && kafkajsSecurity(security)),
  });
}
