import { z } from 'zod';
import { ConfigError } from './config.error';

/**
 * Reads and validates configuration from environment variables: the only place that reads
 * `process.env`. Each key of the schema is a variable name.
 * @throws ConfigError naming every missing or bad variable.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): z.output<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const missing = issue.code === 'invalid_type' && input[name] === undefined;
      return missing ? `${name} is required` : `${name} ${issue.message}`;
    }),
  );
}
