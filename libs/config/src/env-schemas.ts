import { readFileSync } from 'node:fs';
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

/** `true` or `false`. */
export const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * The path of a file to read at start (a certificate, a key, a password mounted from a Secret):
 * yields its text. A missing, unreadable or empty file is reported with its path and the reason,
 * never with its content.
 */
export const readableFile = z.string().transform((path, ctx) => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    ctx.addIssue({
      code: 'custom',
      message: `names a file that cannot be read: ${path} (${reason})`,
    });
    return z.NEVER;
  }
  if (text.trim() === '') {
    ctx.addIssue({ code: 'custom', message: `names an empty file: ${path}` });
    return z.NEVER;
  }
  return text;
});
