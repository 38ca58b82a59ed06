import { customersService } from '@app/customers';
import { AppProcess, TestDatabase } from '@app/testing';
import { LandscapeSystem } from './landscape-system';

/** An HTTP answer, parsed. */
export interface HttpReply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * The customers service for one test: its own schema and topic prefix, and as many API and
 * worker processes as the test starts, all real processes on the real stack (a
 * `LandscapeSystem` of customers alone).
 */
export class CustomersSystem {
  private readonly landscape = new LandscapeSystem([customersService]);

  /** Prefixes this system's topics and consumer group. */
  get topicPrefix(): string {
    return this.landscape.topicPrefix;
  }

  /** The customers schema of this system. */
  get db(): TestDatabase {
    return this.landscape.db(customersService);
  }

  /** Every process this system started, running or not. */
  get apps(): AppProcess[] {
    return this.landscape.apps;
  }

  /** Creates the schema (migrated as the migration job would). */
  setUp(): Promise<void> {
    return this.landscape.setUp();
  }

  /** Starts a worker process and waits until it is ready. */
  startWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    return this.landscape.startWorker(customersService, env);
  }

  /** Starts an API process and waits until it is ready. */
  startApi(env: Record<string, string> = {}): Promise<AppProcess> {
    return this.landscape.startApi(customersService, env);
  }

  /** Stops every running worker gracefully (SIGTERM) and waits for them to exit. */
  stopWorkers(): Promise<void> {
    return this.landscape.stopWorkers(customersService);
  }

  /** Topic names of this system. */
  get topics(): { commands: string; events: string } {
    return this.landscape.topicsOf(customersService);
  }

  /** Stops every process (SIGKILL) and drops the schema. */
  tearDown(): Promise<void> {
    return this.landscape.tearDown();
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

/**
 * Creates a customer through an API, waiting for the outcome (`Prefer: wait=20`), and expects it
 * created (201, version 1) and readable (200), as a client of a freshly started API and worker sees.
 */
export async function expectCustomerCreatedAndRead(
  apiUrl: string,
  customer: { name: string; email: string; address: Record<string, string> },
): Promise<void> {
  const created = await http<{ customerId: string }>('POST', `${apiUrl}/customers`, customer, {
    Prefer: 'wait=20',
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ email: customer.email, version: 1 });
  const read = await http('GET', `${apiUrl}/customers/${created.body.customerId}`);
  expect(read.status).toBe(200);
}
