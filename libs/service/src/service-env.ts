import {
  brokerList,
  logLevel,
  port,
  positiveInt,
  postgresUrl,
  schemaName,
  topicPrefix,
} from '@app/config';
import { authEnv, requireJwtSettings } from '@app/auth';
import {
  DEFAULT_KAFKA_CLIENT,
  KAFKA_CLIENTS,
  LibrdkafkaDefaults,
  TopicReplication,
  WorkerDefaults,
} from '@app/kafka';
import { z } from 'zod';
import {
  databaseTlsEnv,
  kafkaSecurityEnv,
  requireConsistentDatabaseTls,
  requireConsistentKafkaSecurity,
} from './connection-env';
import { ServiceDefinition } from './service-definition';

/** The variables every app of a service reads, the API's and the worker's alike. */
function sharedEnv(service: ServiceDefinition, httpPort: number) {
  return {
    /** Comma-separated host:port list. */
    KAFKA_BROKERS: brokerList,
    ...kafkaSecurityEnv,
    DATABASE_URL: postgresUrl,
    ...databaseTlsEnv,
    DATABASE_SCHEMA: schemaName.default(service.schema),
    HTTP_PORT: port.default(httpPort),
    /** Partitions of the service's topics when it creates them; workers beyond this count stay idle. */
    KAFKA_PARTITIONS: positiveInt.default(12),
    /** Copies of each partition of the topics it creates; unset: the brokers' default (production: 3). */
    KAFKA_REPLICATION_FACTOR: positiveInt.optional(),
    /** Copies that must hold a record before acks=all answers; unset: the brokers' default (production: 2). */
    KAFKA_MIN_INSYNC_REPLICAS: positiveInt.optional(),
    /** Prefixes every topic and consumer group, for environments sharing one Kafka cluster. */
    KAFKA_TOPIC_PREFIX: topicPrefix.default(''),
    /** The Kafka client the app runs on: `kafkajs` or `librdkafka`. */
    KAFKA_CLIENT: z.enum(KAFKA_CLIENTS).default(DEFAULT_KAFKA_CLIENT),
    LOG_LEVEL: logLevel.default('log'),
    /** OTLP/HTTP endpoint spans are exported to (`/v1/traces` appended); unset: none exported. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  };
}

/** Returns the environment variables of a service's API, with their defaults. */
export function apiEnvSchema(service: ServiceDefinition) {
  return z
    .object({
      ...sharedEnv(service, service.ports.api),
      /** The longest `Prefer: wait` honoured, in seconds. */
      PREFER_WAIT_MAX_SECONDS: positiveInt.max(30).default(30),
      /** How many `Prefer: wait` requests one replica holds at once; more are answered 503. */
      PREFER_WAIT_MAX_CONCURRENT: positiveInt.default(1000),
      /** Requests per minute per caller (token subject, else address), then 429; 0 for no limit. */
      RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
      /** After SIGTERM, how long /health/ready answers 503 before the server closes. */
      SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0),
      ...authEnv,
    })
    .superRefine(requireJwtSettings)
    .superRefine(requireConsistentKafkaSecurity)
    .superRefine(requireConsistentDatabaseTls)
    .superRefine(requireInsyncWithinFactor);
}

/** Returns the environment variables of a service's worker, with their defaults. */
export function workerEnvSchema(service: ServiceDefinition) {
  return z
    .object({
      ...sharedEnv(service, service.ports.worker),
      WORKER_CONCURRENCY: positiveInt.default(4),
      /** Events per database transaction: a fetched batch is cut into chunks of this size. */
      WORKER_MAX_BATCH_SIZE: positiveInt.max(10_000).default(WorkerDefaults.maxBatchSize),
      SHUTDOWN_BUDGET_MS: positiveInt.default(20_000),
      /**
       * librdkafka only: `consumer` (KIP-848, Kafka 4.0 or later) or `classic` with the
       * cooperative-sticky assignor, for older brokers.
       */
      KAFKA_GROUP_PROTOCOL: z
        .enum(['consumer', 'classic'])
        .default(LibrdkafkaDefaults.groupProtocol),
      /**
       * How long the broker waits for a silent member before rebalancing its partitions away (6000
       * at least). kafkajs, and librdkafka under the classic protocol; under `consumer` the
       * broker's `group.consumer.session.timeout.ms` applies.
       */
      KAFKA_SESSION_TIMEOUT_MS: positiveInt.min(6000).default(30_000),
      KAFKA_HEARTBEAT_INTERVAL_MS: positiveInt.default(3_000),
      /**
       * The bytes a fetch waits for, at most `KAFKA_FETCH_MAX_WAIT_MS`, before the broker answers
       * (the client's default, 1 byte, when unset): above one event's size, a lightly loaded
       * worker takes several events per transaction, for up to that wait of latency.
       */
      KAFKA_FETCH_MIN_BYTES: positiveInt.optional(),
      /** How long a fetch waits for `KAFKA_FETCH_MIN_BYTES` (the client's default when unset). */
      KAFKA_FETCH_MAX_WAIT_MS: positiveInt.max(10_000).optional(),
    })
    .superRefine(requireConsistentKafkaSecurity)
    .superRefine(requireConsistentDatabaseTls)
    .superRefine(requireInsyncWithinFactor);
}

/** Refuses a `KAFKA_MIN_INSYNC_REPLICAS` above `KAFKA_REPLICATION_FACTOR`: no acks=all write could succeed. */
function requireInsyncWithinFactor(
  env: { KAFKA_REPLICATION_FACTOR?: number; KAFKA_MIN_INSYNC_REPLICAS?: number },
  ctx: z.RefinementCtx,
): void {
  const { KAFKA_REPLICATION_FACTOR: factor, KAFKA_MIN_INSYNC_REPLICAS: insync } = env;
  if (factor !== undefined && insync !== undefined && insync > factor)
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_MIN_INSYNC_REPLICAS'],
      message: `must not exceed KAFKA_REPLICATION_FACTOR (${factor}): no acks=all write could succeed`,
    });
}

/** Returns the replication of the topics a service's apps create, from its environment. */
export function topicReplicationOf(
  env: Pick<WorkerEnv, 'KAFKA_REPLICATION_FACTOR' | 'KAFKA_MIN_INSYNC_REPLICAS'>,
): TopicReplication {
  return { factor: env.KAFKA_REPLICATION_FACTOR, minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS };
}

/** A service API's validated configuration. */
export type ApiEnv = z.output<ReturnType<typeof apiEnvSchema>>;

/** A service worker's validated configuration. */
export type WorkerEnv = z.output<ReturnType<typeof workerEnvSchema>>;
