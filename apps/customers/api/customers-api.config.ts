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

/** The customers API's environment variables, with their defaults. */
export const customersApiConfigSchema = z.object({
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: brokerList,
  DATABASE_URL: postgresUrl,
  DATABASE_SCHEMA: schemaName.default(CUSTOMERS_SCHEMA),
  HTTP_PORT: port.default(3100),
  /** Partitions of the command topic when this API creates it; must match the worker's. */
  KAFKA_PARTITIONS: positiveInt.default(12),
  /** Prefixes every topic, for environments sharing one Kafka cluster. */
  KAFKA_TOPIC_PREFIX: topicPrefix.default(''),
  /** The longest `Prefer: wait` honoured, in seconds. */
  PREFER_WAIT_MAX_SECONDS: positiveInt.max(30).default(30),
  /** After SIGTERM, how long /health/ready answers 503 before the server closes. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0),
  LOG_LEVEL: logLevel.default('log'),
});

/** The customers API's validated configuration. */
export type CustomersApiConfig = z.output<typeof customersApiConfigSchema>;
