import { loadConfig } from '@app/config';
import { EventCatalogue } from '@app/events';
import { ServiceDefinition } from './service-definition';
import { apiEnvSchema, topicReplicationOf, workerEnvSchema } from './service-env';

const service: ServiceDefinition = {
  name: 'orders',
  catalogue: new EventCatalogue([]),
  topics: { commands: 'orders.commands', events: 'orders.events' },
  schema: 'orders',
  migrations: [],
  ports: { api: 3200, worker: 3201 },
};

const required = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgresql://app:app@127.0.0.1:5433/app',
};

describe('service environment', () => {
  describe(apiEnvSchema.name, () => {
    const jwt = {
      AUTH_ISSUER: 'https://login.example.com/',
      AUTH_AUDIENCE: 'orders-api',
      AUTH_JWKS_URL: 'https://login.example.com/.well-known/jwks.json',
    };

    it("takes the service's schema and API port as defaults when only the required variables are set", () => {
      expect(loadConfig(apiEnvSchema(service), { ...required, ...jwt })).toEqual({
        KAFKA_BROKERS: ['127.0.0.1:9092'],
        DATABASE_URL: required.DATABASE_URL,
        DATABASE_SCHEMA: 'orders',
        HTTP_PORT: 3200,
        KAFKA_PARTITIONS: 12,
        KAFKA_TOPIC_PREFIX: '',
        KAFKA_CLIENT: 'kafkajs',
        KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
        KAFKA_SSL_VERIFY_HOSTNAME: true,
        LOG_LEVEL: 'log',
        PREFER_WAIT_MAX_SECONDS: 30,
        PREFER_WAIT_MAX_CONCURRENT: 1000,
        RATE_LIMIT_PER_MINUTE: 6000,
        SHUTDOWN_DRAIN_MS: 0,
        AUTH_MODE: 'jwt',
        ...jwt,
        AUTH_CLOCK_SKEW_SECONDS: 30,
        AUTH_CUSTOMER_CLAIM: 'customer_id',
      });
    });

    it('requires the issuer, audience and key set by name unless authentication is off', () => {
      expect(() => loadConfig(apiEnvSchema(service), required)).toThrow(
        /AUTH_ISSUER is required when AUTH_MODE is jwt.*AUTH_AUDIENCE is required.*AUTH_JWKS_URL is required/s,
      );
      expect(loadConfig(apiEnvSchema(service), { ...required, AUTH_MODE: 'off' })).toMatchObject({
        AUTH_MODE: 'off',
      });
    });

    it('refuses an authentication mode it does not know, and a key set that is not a URL', () => {
      expect(() =>
        loadConfig(apiEnvSchema(service), { ...required, ...jwt, AUTH_MODE: 'none' }),
      ).toThrow(/AUTH_MODE/);
      expect(() =>
        loadConfig(apiEnvSchema(service), { ...required, ...jwt, AUTH_JWKS_URL: 'keys.json' }),
      ).toThrow(/AUTH_JWKS_URL/);
    });
  });

  describe(workerEnvSchema.name, () => {
    it("takes the worker's port and the consumer settings as defaults when only the required variables are set", () => {
      expect(loadConfig(workerEnvSchema(service), required)).toMatchObject({
        DATABASE_SCHEMA: 'orders',
        HTTP_PORT: 3201,
        WORKER_CONCURRENCY: 4,
        WORKER_MAX_BATCH_SIZE: 500,
        SHUTDOWN_BUDGET_MS: 20_000,
        KAFKA_SESSION_TIMEOUT_MS: 30_000,
        KAFKA_HEARTBEAT_INTERVAL_MS: 3_000,
        KAFKA_CLIENT: 'kafkajs',
        KAFKA_GROUP_PROTOCOL: 'consumer',
      });
    });

    it('takes librdkafka with the classic protocol when asked', () => {
      expect(
        loadConfig(workerEnvSchema(service), {
          ...required,
          KAFKA_CLIENT: 'librdkafka',
          KAFKA_GROUP_PROTOCOL: 'classic',
        }),
      ).toMatchObject({ KAFKA_CLIENT: 'librdkafka', KAFKA_GROUP_PROTOCOL: 'classic' });
    });

    it('takes a batch size of up to 10,000 events per transaction, and names one beyond', () => {
      expect(
        loadConfig(workerEnvSchema(service), { ...required, WORKER_MAX_BATCH_SIZE: '2000' }),
      ).toMatchObject({ WORKER_MAX_BATCH_SIZE: 2000 });
      expect(() =>
        loadConfig(workerEnvSchema(service), { ...required, WORKER_MAX_BATCH_SIZE: '20000' }),
      ).toThrow(/WORKER_MAX_BATCH_SIZE/);
    });

    it("leaves the fetch's wait to the client unless asked, and takes bytes and a wait of up to 10 s", () => {
      const defaults = loadConfig(workerEnvSchema(service), required);
      expect(defaults.KAFKA_FETCH_MIN_BYTES).toBeUndefined();
      expect(defaults.KAFKA_FETCH_MAX_WAIT_MS).toBeUndefined();
      expect(
        loadConfig(workerEnvSchema(service), {
          ...required,
          KAFKA_FETCH_MIN_BYTES: '16384',
          KAFKA_FETCH_MAX_WAIT_MS: '25',
        }),
      ).toMatchObject({ KAFKA_FETCH_MIN_BYTES: 16_384, KAFKA_FETCH_MAX_WAIT_MS: 25 });
      expect(() =>
        loadConfig(workerEnvSchema(service), { ...required, KAFKA_FETCH_MAX_WAIT_MS: '60000' }),
      ).toThrow(/KAFKA_FETCH_MAX_WAIT_MS/);
    });

    it('names a client it does not know', () => {
      expect(() =>
        loadConfig(workerEnvSchema(service), { ...required, KAFKA_CLIENT: 'rdkafka' }),
      ).toThrow(/KAFKA_CLIENT/);
    });

    it('gives the topics the replication the environment names, and refuses more in-sync copies than copies', () => {
      const env = loadConfig(workerEnvSchema(service), {
        ...required,
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
      });
      expect(topicReplicationOf(env)).toEqual({ factor: 3, minInsyncReplicas: 2 });
      expect(() =>
        loadConfig(workerEnvSchema(service), {
          ...required,
          KAFKA_REPLICATION_FACTOR: '1',
          KAFKA_MIN_INSYNC_REPLICAS: '2',
        }),
      ).toThrow(/KAFKA_MIN_INSYNC_REPLICAS must not exceed KAFKA_REPLICATION_FACTOR \(1\)/);
    });

    it('names every missing variable when none is set', () => {
      expect(() => loadConfig(workerEnvSchema(service), {})).toThrow(
        /KAFKA_BROKERS is required.*DATABASE_URL is required/s,
      );
    });
  });
});
