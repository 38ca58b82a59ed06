import { z } from 'zod';

/** A comma-separated list of `host:port` Kafka brokers. */
export const brokerList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .refine((brokers) => brokers.length > 0 && brokers.every((b) => /^[^:\s]+:\d+$/.test(b)), {
    message: 'must be a comma-separated list of host:port',
  });

/** A `postgresql://` connection URL. */
export const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgresql:// URL');

/** A TCP port. */
export const port = z.coerce.number().int().min(0).max(65535);

/** A positive whole number (milliseconds, counts). */
export const positiveInt = z.coerce.number().int().positive();

/** A lowercase SQL identifier, for schema names. */
export const schemaName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase identifier');

/** A log level. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']);

/** A prefix for topic names and group ids: letters, digits, '.', '_' and '-'. */
export const topicPrefix = z
  .string()
  .regex(/^[A-Za-z0-9._-]*$/, "may hold only letters, digits, '.', '_' and '-'");
