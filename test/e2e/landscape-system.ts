import {
  AppProcess,
  createTestDatabase,
  stackConfig,
  TestDatabase,
  uniqueName,
  OPEN_API_ENV,
} from '@app/testing';
import { kafkajsAdmin } from '@app/kafka';
import { ServiceDefinition } from '@app/service';

/**
 * Several services of the landscape for one test, on the real stack: one topic prefix shared by
 * all (they talk through each other's topics), a schema each (migrated as the migration job
 * would), and as many API and worker processes of each as the test starts.
 */
export class LandscapeSystem {
  readonly topicPrefix = `${uniqueName('test')}.`;
  readonly apps: AppProcess[] = [];
  private readonly databases = new Map<string, TestDatabase>();

  constructor(private readonly services: readonly ServiceDefinition[]) {}

  /**
   * Creates and migrates each service's schema, and creates the topics of other services whose
   * facts they read, as those owners (not started here) would: a test can then write such facts
   * itself, and a worker does not wait for an owner that never comes.
   */
  async setUp(): Promise<void> {
    for (const service of this.services)
      this.databases.set(service.name, await createTestDatabase([...service.migrations]));
    const owned = new Set(this.services.map((service) => service.topics.events));
    const foreign = this.services
      .flatMap((service) => service.consumes ?? [])
      .map((facts) => facts.topic)
      .filter((topic) => !owned.has(topic));
    if (foreign.length === 0) return;
    const admin = kafkajsAdmin({ clientId: 'landscape-test', brokers: stackConfig().brokers });
    try {
      await admin.ensureTopics(
        [...new Set(foreign)].map((topic) => ({
          topic: `${this.topicPrefix}${topic}`,
          partitions: 4,
        })),
      );
    } finally {
      await admin.close();
    }
  }

  /** Returns the test database (schema and data source) of `service`. */
  db(service: ServiceDefinition): TestDatabase {
    const db = this.databases.get(service.name);
    if (!db) throw new Error(`Service ${service.name} is not part of this system`);
    return db;
  }

  /** Returns the prefixed input and output topics of `service`. */
  topicsOf(service: ServiceDefinition): { commands: string; events: string } {
    return {
      commands: `${this.topicPrefix}${service.topics.commands}`,
      events: `${this.topicPrefix}${service.topics.events}`,
    };
  }

  /** The environment every app of `service` gets. */
  env(service: ServiceDefinition): Record<string, string> {
    const { brokers, databaseUrl } = stackConfig();
    return {
      KAFKA_BROKERS: brokers.join(','),
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: this.db(service).schema,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      ...OPEN_API_ENV,
      KAFKA_PARTITIONS: '4',
      // A SIGKILLed member holds its partitions until the session times out: keep that short here.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
  }

  /** Starts a worker process of `service` (`apps/<name>/worker`) and waits until it is ready. */
  async startWorker(
    service: ServiceDefinition,
    env: Record<string, string> = {},
  ): Promise<AppProcess> {
    return this.start(service, 'worker', env);
  }

  /** Starts an API process of `service` (`apps/<name>/api`) and waits until it is ready. */
  async startApi(
    service: ServiceDefinition,
    env: Record<string, string> = {},
  ): Promise<AppProcess> {
    return this.start(service, 'api', env);
  }

  private async start(
    service: ServiceDefinition,
    role: 'api' | 'worker',
    env: Record<string, string>,
  ): Promise<AppProcess> {
    const name = `${service.name}-${role}-${this.apps.length}`;
    const app = await AppProcess.start(name, `${service.name}/${role}`, {
      ...this.env(service),
      ...env,
    });
    this.apps.push(app);
    await app.ready();
    return app;
  }

  /** Stops the running workers of `service` gracefully (SIGTERM) and waits for them to exit. */
  async stopWorkers(service: ServiceDefinition): Promise<void> {
    const workers = this.apps.filter(
      (app) => app.running && app.name.startsWith(`${service.name}-worker-`),
    );
    for (const worker of workers) worker.signal('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
  }

  /** Stops every process (SIGKILL) and drops every schema. */
  async tearDown(): Promise<void> {
    for (const app of this.apps) app.signal('SIGKILL');
    await Promise.all(this.apps.map((app) => app.exited));
    for (const db of this.databases.values()) await db.drop();
  }
}
