import { customersMigrations } from '@app/customers';
import {
  AppProcess,
  createTestDatabase,
  stackConfig,
  TestDatabase,
  uniqueName,
  OPEN_API_ENV,
} from '@app/testing';

/** An HTTP answer, parsed. */
export interface HttpReply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * The customers service for one test: its own schema and topic prefix, and as many API and
 * worker processes as the test starts, all real processes on the real stack.
 */
export class CustomersSystem {
  readonly topicPrefix = `${uniqueName('test')}.`;
  db!: TestDatabase;
  readonly apps: AppProcess[] = [];

  /** Creates the schema (migrated as the migration job would). */
  async setUp(): Promise<void> {
    this.db = await createTestDatabase(customersMigrations);
  }

  private env(): Record<string, string> {
    const { brokers, databaseUrl } = stackConfig();
    return {
      KAFKA_BROKERS: brokers.join(','),
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: this.db.schema,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      ...OPEN_API_ENV,
      KAFKA_PARTITIONS: '4',
      // A SIGKILLed member holds its partitions until the session times out: keep that short here.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
  }

  /** Starts a worker process and waits until it is ready. */
  async startWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    return this.start(`worker-${this.apps.length}`, 'customers/worker', env);
  }

  /** Starts an API process and waits until it is ready. */
  async startApi(env: Record<string, string> = {}): Promise<AppProcess> {
    return this.start(`api-${this.apps.length}`, 'customers/api', env);
  }

  private async start(
    name: string,
    entry: string,
    env: Record<string, string>,
  ): Promise<AppProcess> {
    const app = await AppProcess.start(name, entry, { ...this.env(), ...env });
    this.apps.push(app);
    await app.ready();
    return app;
  }

  /** Stops every running worker gracefully (SIGTERM) and waits for them to exit. */
  async stopWorkers(): Promise<void> {
    const workers = this.apps.filter((app) => app.running && app.name.startsWith('worker'));
    for (const worker of workers) worker.signal('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
  }

  /** Topic names of this system. */
  get topics(): { commands: string; events: string } {
    return {
      commands: `${this.topicPrefix}customers.commands`,
      events: `${this.topicPrefix}customers.events`,
    };
  }

  /** Stops every process (SIGKILL) and drops the schema. */
  async tearDown(): Promise<void> {
    for (const app of this.apps) app.signal('SIGKILL');
    await Promise.all(this.apps.map((app) => app.exited));
    await this.db?.drop();
  }
}

/** Sends an HTTP request with a JSON body and parses the JSON answer. */
export async function http<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpReply<T>> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  };
}
