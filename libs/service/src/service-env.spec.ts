import { loadConfig } from '@app/config';
import { EventCatalogue } from '@app/events';
import { ServiceDefinition } from './service-definition';
import { apiEnvSchema, workerEnvSchema } from './service-env';

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
    it("takes the service's schema and API port as defaults when only the required variables are set", () => {
      expect(loadConfig(apiEnvSchema(service), required)).toEqual({
        KAFKA_BROKERS: ['127.0.0.1:9092'],
        DATABASE_URL: required.DATABASE_URL,
        DATABASE_SCHEMA: 'orders',
        HTTP_PORT: 3200,
        KAFKA_PARTITIONS: 12,
        KAFKA_TOPIC_PREFIX: '',
        KAFKA_CLIENT: 'kafkajs',
        LOG_LEVEL: 'log',
        PREFER_WAIT_MAX_SECONDS: 30,
        SHUTDOWN_DRAIN_MS: 0,
      });
    });
  });

  describe(workerEnvSchema.name, () => {
    it("takes the worker's port and the consumer settings as defaults when only the required variables are set", () => {
      expect(loadConfig(workerEnvSchema(service), required)).toMatchObject({
        DATABASE_SCHEMA: 'orders',
        HTTP_PORT: 3201,
        WORKER_CONCURRENCY: 4,
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

    it('names a client it does not know', () => {
      expect(() =>
        loadConfig(workerEnvSchema(service), { ...required, KAFKA_CLIENT: 'rdkafka' }),
      ).toThrow(/KAFKA_CLIENT/);
    });

    it('names every missing variable when none is set', () => {
      expect(() => loadConfig(workerEnvSchema(service), {})).toThrow(
        /KAFKA_BROKERS is required.*DATABASE_URL is required/s,
      );
    });
  });
});
