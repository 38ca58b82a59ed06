/** Connection settings of the local stack, as `tools/stack/env.sh` sets them. */
export interface StackConfig {
  readonly brokers: string[];
  readonly databaseUrl: string;
}

/** Returns the stack's addresses: from KAFKA_BROKERS and DATABASE_URL, else the stack's defaults. */
export function stackConfig(): StackConfig {
  const env = process.env;
  const pgPort = env.PGPORT ?? '5433';
  return {
    brokers: (env.KAFKA_BROKERS ?? `127.0.0.1:${env.KAFKA_PORT ?? '9092'}`).split(','),
    databaseUrl: env.DATABASE_URL ?? `postgresql://app:app@127.0.0.1:${pgPort}/app`,
  };
}

/** Returns a name no other test uses: `<prefix>-<random>` (kafkajs's own tests name topics this way). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Returns a schema name no other test uses. */
export function uniqueSchema(prefix = 'test'): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * What an API started by a test or a benchmark gets when authentication and rate limits are not
 * what it is about: authentication explicitly off (the only way to turn it off) and no limit.
 */
export const OPEN_API_ENV: Readonly<Record<string, string>> = {
  AUTH_MODE: 'off',
  RATE_LIMIT_PER_MINUTE: '0',
};

/**
 * What an app started by a test on a broker of its own gets: two partitions, a session short
 * enough that a killed worker's partitions move within seconds, kafkajs's partitioner notice
 * silenced, and `OPEN_API_ENV`.
 */
export const SMALL_APP_ENV: Readonly<Record<string, string>> = {
  KAFKA_PARTITIONS: '2',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
  ...OPEN_API_ENV,
};
