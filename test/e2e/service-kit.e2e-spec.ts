import { customersService } from '@app/customers';
import {
  AppProcess,
  createTestDatabase,
  kcatPartitionCount,
  stackConfig,
  TestDatabase,
  waitFor,
  OPEN_API_ENV,
} from '@app/testing';
import { invoicesService } from '../fixtures/invoices/invoices.service';
import { CustomersSystem, http } from './customers-system';

const INVOICES_API = 'test/fixtures/invoices/invoices-api.main.ts';
const INVOICES_WORKER = 'test/fixtures/invoices/invoices-worker.main.ts';
const WAIT = { prefer: 'wait=10' };

interface ReplicaRow {
  readonly version: number;
  readonly deleted: boolean;
}

/**
 * Two services built with the kit on the real stack: customers, and an invoices fixture that takes
 * its own requests and keeps a replica of customers from customers' facts.
 */
describe('Services built with the kit, one consuming the facts of the other (real Kafka and PostgreSQL)', () => {
  // Customers and invoices share one topic prefix (one environment) and have a schema each.
  const customers = new CustomersSystem();
  const invoicesApps: AppProcess[] = [];
  let invoicesDb: TestDatabase;
  let customersApi: AppProcess;
  let invoicesApi: AppProcess;
  let invoicesWorker: AppProcess;

  async function startInvoices(name: string, entry: string): Promise<AppProcess> {
    const app = await AppProcess.start(name, entry, {
      KAFKA_BROKERS: stackConfig().brokers.join(','),
      DATABASE_URL: stackConfig().databaseUrl,
      DATABASE_SCHEMA: invoicesDb.schema,
      KAFKA_TOPIC_PREFIX: customers.topicPrefix,
      ...OPEN_API_ENV,
      // More than the owner's 4: the reader must not grow the owner's topic.
      KAFKA_PARTITIONS: '8',
    });
    invoicesApps.push(app);
    await app.ready();
    return app;
  }

  beforeAll(async () => {
    await customers.setUp();
    invoicesDb = await createTestDatabase([...invoicesService.migrations]);
    await customers.startWorker();
    customersApi = await customers.startApi();
    invoicesWorker = await startInvoices('invoices-worker', INVOICES_WORKER);
    invoicesApi = await startInvoices('invoices-api', INVOICES_API);
  });
  afterAll(async () => {
    for (const app of invoicesApps) app.signal('SIGKILL');
    await Promise.all(invoicesApps.map((app) => app.exited));
    await invoicesDb?.drop();
    await customers.tearDown();
  });

  async function replicaOf(customerId: string): Promise<ReplicaRow | undefined> {
    const rows: ReplicaRow[] = await invoicesDb.dataSource.query(
      `SELECT version, deleted FROM customer_replicas WHERE customer_id = $1`,
      [customerId],
    );
    return rows[0];
  }

  async function raiseInvoice(customerId: string): Promise<{ status: number; body: unknown }> {
    return http('POST', `${invoicesApi.url}/invoices`, { customerId, amount: 3 }, WAIT);
  }

  it("keeps a replica from the owner's facts, a delete as a tombstone that refuses later invoices", async () => {
    const created = await http<{ customerId: string }>(
      'POST',
      `${customersApi.url}/customers`,
      {
        name: 'Ada',
        email: 'ada@example.com',
        address: { street: '1 Main St', city: 'London', postalCode: 'N1', country: 'GB' },
      },
      WAIT,
    );
    expect(created.status).toBe(201);
    const { customerId } = created.body;
    await waitFor(
      () => replicaOf(customerId),
      (row) => row !== undefined,
      { what: 'the replica' },
    );

    expect(await raiseInvoice(customerId)).toMatchObject({ status: 201 });
    expect(await raiseInvoice('00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 422,
      body: { status: 'rejected', code: 'unknown-customer' },
    });

    const renamed = await http(
      'PATCH',
      `${customersApi.url}/customers/${customerId}`,
      { name: 'Ada L.' },
      WAIT,
    );
    expect(renamed.status).toBe(200);
    // The update reaches the replica too: its handler method is stacked under the created one.
    await waitFor(
      () => replicaOf(customerId),
      (row) => row?.version === 2,
      { what: 'the update in the replica' },
    );
    const deleted = await http(
      'DELETE',
      `${customersApi.url}/customers/${customerId}`,
      undefined,
      WAIT,
    );
    expect(deleted.status).toBe(204);
    const tombstone = await waitFor(
      () => replicaOf(customerId),
      (row) => row?.deleted === true,
      { what: 'the tombstone' },
    );
    expect(tombstone).toEqual({ version: 3, deleted: true });
    expect(await raiseInvoice(customerId)).toMatchObject({ status: 422 });
  });

  it("records outcomes only for its own requests, never for the owner's tracking ids", async () => {
    const outcomes: { event_type: string }[] = await invoicesDb.dataSource.query(
      `SELECT event_type FROM request_outcomes ORDER BY event_type`,
    );
    expect(outcomes.map((o) => o.event_type)).toEqual([
      'invoices.raise-invoice',
      'invoices.raise-invoice',
      'invoices.raise-invoice',
    ]);
  });

  it("skips and counts the owner's fact types it has no handler for, and leaves the owner's topic as the owner made it", async () => {
    // A second customer with the same email: customers publishes a rejection, a type invoices ignores.
    const grace = {
      name: 'Grace',
      email: 'grace@example.com',
      address: { street: '2 Main St', city: 'London', postalCode: 'N1', country: 'GB' },
    };
    const first = await http('POST', `${customersApi.url}/customers`, grace, WAIT);
    const taken = await http('POST', `${customersApi.url}/customers`, grace, WAIT);
    expect(first.status).toBe(201);
    expect(taken.status).toBe(409);

    const counted = await waitFor(
      async () => (await fetch(`${invoicesWorker.url}/metrics`)).text(),
      (text) => /type="customers\.request-rejected",outcome="unhandled"} 1/.test(text),
      { what: 'the rejection counted as unhandled' },
    );
    expect(counted).toContain('outcome="unhandled"');
    expect(
      await kcatPartitionCount(`${customers.topicPrefix}${customersService.topics.events}`),
    ).toBe(4);
  });

  it("says in its AsyncAPI document that its worker reads the owner's facts", async () => {
    const reply = await http<{
      operations: Record<string, { action: string; channel: { $ref: string } }>;
    }>('GET', `${invoicesApi.url}/asyncapi.json`);
    expect(reply.status).toBe(200);
    expect(reply.body.operations['invoices-worker.receive.customers.events']).toEqual(
      expect.objectContaining({
        action: 'receive',
        channel: { $ref: '#/channels/customers.events' },
      }),
    );
  });
});
