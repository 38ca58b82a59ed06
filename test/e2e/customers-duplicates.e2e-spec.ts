import { CloudEventHeaders } from '@app/events';
import { AppProcess, kcatProduce, kcatReadAll, waitFor } from '@app/testing';
import { CustomersSystem, http } from './customers-system';

const address = { street: '1 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'BE' };

/**
 * A command duplicated upstream (a producer's retry after a timeout, an operator's replay, an app
 * that sends again) is the same CloudEvent, id and source, at another offset: applied once.
 */
describe('Customers worker applies each command once per CloudEvents id, whatever its offset (real stack)', () => {
  const system = new CustomersSystem();
  let api: AppProcess;

  beforeAll(async () => {
    await system.setUp();
    await system.startWorker();
    api = await system.startApi();
  }, 120_000);
  afterAll(() => system.tearDown());

  /** Writes a command twice with kcat, the same headers and value each time, no tracking id. */
  async function sendTwice(type: string, id: string, key: string, payload: unknown) {
    const record = {
      key,
      value: JSON.stringify(payload),
      headers: {
        [CloudEventHeaders.specVersion]: '1.0',
        [CloudEventHeaders.id]: id,
        [CloudEventHeaders.source]: 'kcat/operator',
        [CloudEventHeaders.type]: type,
        [CloudEventHeaders.time]: new Date().toISOString(),
        [CloudEventHeaders.contentType]: 'application/json',
      },
    };
    await kcatProduce(system.topics.commands, record);
    await kcatProduce(system.topics.commands, record);
  }

  async function factsOf(customerId: string): Promise<string[]> {
    const records = await kcatReadAll(system.topics.events);
    return records
      .filter((r) => r.key === customerId)
      .map((r) => r.headers[CloudEventHeaders.type]);
  }

  it('creates, updates and deletes once when each command is sent twice with one ce_id', async () => {
    const customerId = crypto.randomUUID();
    await sendTwice('customers.create-customer', `create-${customerId}`, customerId, {
      customerId,
      name: 'Twice',
      email: `twice-${customerId}@example.com`,
      address,
    });
    await sendTwice('customers.update-customer', `update-${customerId}`, customerId, {
      customerId,
      changes: { name: 'Twice Renamed' },
    });
    const updated = await waitFor(
      () => http<{ name: string; version: number }>('GET', `${api.url}/customers/${customerId}`),
      (reply) => reply.status === 200 && reply.body.name === 'Twice Renamed',
      { what: 'the update applied' },
    );
    // Applied twice, the update would have made version 3.
    expect(updated.body.version).toBe(2);

    await sendTwice('customers.delete-customer', `delete-${customerId}`, customerId, {
      customerId,
    });
    await waitFor(
      () => http('GET', `${api.url}/customers/${customerId}`),
      (reply) => reply.status === 404,
      { what: 'the customer deleted' },
    );
    // A second delete would have been refused as customer-not-found, and dead-lettered or answered.
    const facts = await waitFor(
      () => factsOf(customerId),
      (types) => types.includes('customers.customer-deleted'),
      { what: 'the deleted fact' },
    );
    expect(facts).toEqual([
      'customers.customer-created',
      'customers.customer-updated',
      'customers.customer-deleted',
    ]);
    const [{ remembered }] = await system.db.dataSource.query(
      `SELECT count(*)::int AS remembered FROM processed_events WHERE event_id LIKE $1`,
      [`%${customerId}`],
    );
    expect(remembered).toBe(3);
  });
});
