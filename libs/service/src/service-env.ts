import {
  brokerList,
  logLevel,
  port,
  positiveInt,
  postgresUrl,
  schemaName,
  topicPrefix,
} from '@app/config';
import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS, LibrdkafkaDefaults } from '@app/kafka';
import { z } from 'zod';
import { ServiceDefinition } from './service-definition';

/** The variables every app of a service reads, the API's and the worker's alike. */
function sharedEnv(service: ServiceDefinition, httpPort: number) {
  return {
    /** Comma-separated host:port list. */
    KAFKA_BROKERS: brokerList,
    DATABASE_URL: postgresUrl,
    DATABASE_SCHEMA: schemaName.default(service.schema),
    HTTP_PORT: port.default(httpPort),
    /** Partitions of the service's topics when it creates them; workers beyond this count stay idle. */
    KAFKA_PARTITIONS: positiveInt.default(12),
    /** Prefixes every topic and consumer group, for environments sharing one Kafka cluster. */
    KAFKA_TOPIC_PREFIX: topicPrefix.default(''),
    /** The Kafka client the app runs on: `kafkajs` or `librdkafka`. */
    KAFKA_CLIENT: z.enum(KAFKA_CLIENTS).default(DEFAULT_KAFKA_CLIENT),
    LOG_LEVEL: logLevel.default('log'),
  };
}

/** Returns the environment variables of a service's API, with their defaults. */
export function apiEnvSchema(service: ServiceDefinition) {
  return z.object({
    ...sharedEnv(service, service.ports.api),
    /** The longest `Prefer: wait` honoured, in seconds. */
    PREFER_WAIT_MAX_SECONDS: positiveInt.max(30).default(30),
    /** After SIGTERM, how long /health/ready answers 503 before the server closes. */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0),
  });
}

/** Returns the environment variables of a service's worker, with their defaults. */
export function workerEnvSchema(service: ServiceDefinition) {
  return z.object({
    ...sharedEnv(service, service.ports.worker),
    WORKER_CONCURRENCY: positiveInt.default(4),
    SHUTDOWN_BUDGET_MS: positiveInt.default(20_000),
    /**
     * librdkafka only: `consumer` (KIP-848, Kafka 4.0 or later) or `classic` with the
     * cooperative-sticky assignor, for older brokers.
     */
    KAFKA_GROUP_PROTOCOL: z.enum(['consumer', 'classic']).default(LibrdkafkaDefaults.groupProtocol),
    /**
     * How long the broker waits for a silent member before rebalancing its partitions away (6000
     * at least). kafkajs, and librdkafka under the classic protocol; under `consumer` the
     * broker's `group.consumer.session.timeout.ms` applies.
     */
    KAFKA_SESSION_TIMEOUT_MS: positiveInt.min(6000).default(30_000),
    KAFKA_HEARTBEAT_INTERVAL_MS: positiveInt.default(3_000),
  });
}

/** A service API's validated configuration. */
export type ApiEnv = z.output<ReturnType<typeof apiEnvSchema>>;

/** A service worker's validated configuration. */
export type WorkerEnv = z.output<ReturnType<typeof workerEnvSchema>>;
