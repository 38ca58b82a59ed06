import {
  brokerList,
  logLevel,
  port,
  positiveInt,
  postgresUrl,
  schemaName,
  topicPrefix,
} from '@app/config';
import { CUSTOMERS_SCHEMA } from '@app/customers';
import { z } from 'zod';

/** The customers worker's environment variables, with their defaults. */
export const customersWorkerConfigSchema = z.object({
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: brokerList,
  DATABASE_URL: postgresUrl,
  DATABASE_SCHEMA: schemaName.default(CUSTOMERS_SCHEMA),
  /** Prefixes every topic and the consumer group, for environments sharing one Kafka cluster. */
  KAFKA_TOPIC_PREFIX: topicPrefix.default(''),
  /** Health and metrics. */
  HTTP_PORT: port.default(3101),
  /** Partitions of the customers topics; workers beyond this count stay idle. */
  KAFKA_PARTITIONS: positiveInt.default(12),
  WORKER_CONCURRENCY: positiveInt.default(4),
  SHUTDOWN_BUDGET_MS: positiveInt.default(20_000),
  /** How long the broker waits for a silent member before rebalancing its partitions away (6000 at least). */
  KAFKA_SESSION_TIMEOUT_MS: positiveInt.min(6000).default(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: positiveInt.default(3_000),
  LOG_LEVEL: logLevel.default('log'),
});

/** The customers worker's validated configuration. */
export type CustomersWorkerConfig = z.output<typeof customersWorkerConfigSchema>;
