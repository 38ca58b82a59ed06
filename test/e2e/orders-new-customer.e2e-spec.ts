import { randomUUID } from 'node:crypto';
import { customersService } from '@app/customers';
import { CloudEventHeaders, ConsumerGroups, Topics } from '@app/events';
import { ordersService } from '@app/orders';
import { KcatRecord, waitFor } from '@app/testing';
import { http } from './customers-system';
import { customerFields, OrderBody, OrdersSystem, WAIT } from './orders-system';

const ITEMS = [{ sku: 'lamp-3', quantity: 1, unitPrice: 4999 }];

interface Rejection {
  readonly status: string;
  readonly code: string;
  readonly reason: string;
  readonly trackingId: string;
}

/**
 * An order for a new customer: orders asks customers to create it under a tracking id of its own
 * and answers the order's request when customers' answer arrives. Real processes of both services.
 */
describe('Orders for a new customer: one service requesting work of another by tracking id (real stack)', () => {
  const system = new OrdersSystem();

  beforeAll(() => system.setUp(), 180_000);
  afterAll(() => system.tearDown());

  function trackingIdOf(record: KcatRecord): string | undefined {
    return record.headers[CloudEventHeaders.trackingId];
  }

  async function recordsOf(topic: string, type: string, key: string): Promise<KcatRecord[]> {
    return (await system.records(topic)).filter(
      (r) => OrdersSystem.typeOf(r) === type && r.key === key,
    );
  }

  it('creates the customer and places the order within one Prefer: wait', async () => {
    const newCustomer = customerFields('Hedy');

    const placed = await system.placeOrder({ newCustomer, items: ITEMS });

    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'placed', total: 4999, version: 1 });
    const { customerId, orderId } = placed.body;
    const customer = await http('GET', `${system.customersApi.url}/customers/${customerId}`);
    expect(customer).toMatchObject({ status: 200, body: newCustomer });
    // The command to customers carries a tracking id of its own, not the order's.
    const [command] = await recordsOf(
      Topics.customerCommands,
      'customers.create-customer',
      customerId,
    );
    const [fact] = await waitFor(
      () => recordsOf(Topics.orderEvents, 'orders.order-placed', orderId),
      (found) => found.length === 1,
      { what: 'OrderPlaced' },
    );
    expect(trackingIdOf(command)).toBeDefined();
    expect(trackingIdOf(command)).not.toBe(trackingIdOf(fact));
    const outcome = await http<{ status: string; eventType: string }>(
      'GET',
      `${system.ordersApi.url}/requests/${trackingIdOf(fact)}`,
    );
    expect(outcome.body).toMatchObject({ status: 'accepted', eventType: 'orders.place-order' });
  });

  it('creates the new customer under the id the client chose, in any case', async () => {
    const chosen = randomUUID();
    const newCustomer = customerFields('Grace');

    const placed = await system.placeOrder({
      newCustomer: { customerId: chosen.toUpperCase(), ...newCustomer },
      items: ITEMS,
    });

    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'placed', customerId: chosen });
    const customer = await http('GET', `${system.customersApi.url}/customers/${chosen}`);
    expect(customer).toMatchObject({ status: 200, body: { customerId: chosen, ...newCustomer } });
  });

  it('rejects the order when the id the client chose is taken, and keeps no order', async () => {
    const taken = await system.knownCustomer('Barbara');

    const refused = await http<Rejection>(
      'POST',
      `${system.ordersApi.url}/orders`,
      { newCustomer: { customerId: taken, ...customerFields('Frances') }, items: ITEMS },
      WAIT,
    );

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'rejected', code: 'customer-exists' });
    expect(refused.body.reason).toContain(`Customer ${taken} already exists`);
    expect(
      await system.ordersQuery(`SELECT order_id FROM orders WHERE customer_id = $1`, [taken]),
    ).toEqual([]);
    const customer = await http('GET', `${system.customersApi.url}/customers/${taken}`);
    expect(customer).toMatchObject({ status: 200, body: { name: 'Barbara' } });
  });

  it("rejects the order with the customers service's reason when the new customer's email is taken", async () => {
    const taken = customerFields('Ada');
    const first = await http('POST', `${system.customersApi.url}/customers`, taken, WAIT);
    expect(first.status).toBe(201);

    const refused = await http<Rejection>(
      'POST',
      `${system.ordersApi.url}/orders`,
      { newCustomer: { ...taken, name: 'Someone else' }, items: ITEMS },
      WAIT,
    );

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'rejected', code: 'email-taken' });
    expect(refused.body.reason).toContain('is already taken');
    const rejections = await waitFor(
      async () =>
        (await system.records(Topics.orderEvents)).filter(
          (r) => trackingIdOf(r) === refused.body.trackingId,
        ),
      (found) => found.length === 1,
      { what: "orders' rejection fact" },
    );
    expect(OrdersSystem.typeOf(rejections[0])).toBe('orders.request-rejected');
    expect(JSON.parse(rejections[0].payload ?? '{}')).toMatchObject({
      code: 'email-taken',
      rejectedType: 'orders.place-order',
    });
    expect(
      await system.ordersQuery(`SELECT order_id FROM orders WHERE status <> 'placed'`),
    ).toEqual([]);
  });

  it('answers exactly once when the orders worker is killed mid-chain', async () => {
    // Customers' worker is away: the chain stops after orders asked for the customer.
    await system.landscape.stopWorkers(customersService);
    const newCustomer = customerFields('Katherine');
    const posted = await system.placeOrder({ newCustomer, items: ITEMS }, {});
    expect(posted.status).toBe(202);
    const location = posted.headers.get('location') ?? '';
    await waitFor(
      () => system.ordersQuery(`SELECT 1 FROM orders WHERE status = 'awaiting-customer'`),
      (rows) => rows.length === 1,
      { what: 'the order awaiting its customer' },
    );
    expect(
      (await http('GET', `${system.ordersApi.url}${location}`, undefined, { prefer: 'wait=1' }))
        .status,
    ).toBe(202);

    system.ordersWorker.signal('SIGKILL');
    await system.ordersWorker.exited;
    await Promise.all([
      system.landscape.startWorker(customersService),
      system.landscape.startWorker(ordersService),
    ]);

    const outcome = await waitFor(
      () =>
        http<{ status: string; result: OrderBody }>('GET', `${system.ordersApi.url}${location}`),
      (reply) => reply.status === 200,
      { what: 'the outcome', timeoutMs: 60_000 },
    );
    expect(outcome.body).toMatchObject({ status: 'accepted', result: { status: 'placed' } });
    const { orderId, customerId } = outcome.body.result;
    const trackingId = location.replace('/requests/', '');
    expect(
      await system.ordersQuery(`SELECT 1 FROM request_outcomes WHERE tracking_id = $1`, [
        trackingId,
      ]),
    ).toHaveLength(1);
    const placedFacts = await waitFor(
      () => recordsOf(Topics.orderEvents, 'orders.order-placed', orderId),
      (found) => found.length >= 1,
      { what: 'OrderPlaced' },
    );
    const commands = await recordsOf(
      Topics.customerCommands,
      'customers.create-customer',
      customerId,
    );
    // A relay killed between publishing and marking may publish again, under the same event id.
    expect(new Set(placedFacts.map((r) => r.headers[CloudEventHeaders.id])).size).toBe(1);
    expect(new Set(commands.map((r) => r.headers[CloudEventHeaders.id])).size).toBe(1);
    const created = await http<{ items: unknown[] }>(
      'GET',
      `${system.customersApi.url}/customers?email=${encodeURIComponent((newCustomer as { email: string }).email)}`,
    );
    expect(created.body.items).toHaveLength(1);
  });

  it("changes nothing when the orders group re-reads customers' facts from the start", async () => {
    const group = `${system.landscape.topicPrefix}${ConsumerGroups.ordersWorker}`;
    const topic = system.topic(Topics.customerEvents);
    const positions = () =>
      system.ordersQuery<{ partition: number; next_offset: string }>(
        `SELECT partition, next_offset FROM consumer_offsets
          WHERE group_id = $1 AND topic = $2 ORDER BY partition`,
        [group, topic],
      );
    const snapshot = async () => ({
      orders: await system.ordersQuery(`SELECT * FROM orders ORDER BY order_id`),
      replicas: await system.ordersQuery(`SELECT * FROM customer_replicas ORDER BY customer_id`),
      outcomes: await system.ordersQuery(
        `SELECT tracking_id, status, reason_code, result FROM request_outcomes ORDER BY tracking_id`,
      ),
      published: (await system.records(Topics.orderEvents)).map(
        (r) => r.headers[CloudEventHeaders.id],
      ),
    });
    await waitFor(
      () => system.ordersQuery(`SELECT 1 FROM outbox`),
      (rows) => rows.length === 0,
      { what: 'the outbox published' },
    );
    await system.landscape.stopWorkers(ordersService);
    const before = await snapshot();
    const reached = await positions();
    expect(reached.some((p) => Number(p.next_offset) > 0)).toBe(true);

    // Rewind to the start and forget which events were processed, as after the retention window.
    await system.ordersQuery(
      `UPDATE consumer_offsets SET next_offset = 0 WHERE group_id = $1 AND topic = $2`,
      [group, topic],
    );
    const forgotten = await system.ordersQuery(
      `WITH gone AS (DELETE FROM processed_events WHERE group_id = $1 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [group],
    );
    expect(forgotten[0].n).toBeGreaterThan(0);
    await system.landscape.startWorker(ordersService);

    await waitFor(positions, (now) => JSON.stringify(now) === JSON.stringify(reached), {
      what: 'the replay to reach the same positions',
      timeoutMs: 60_000,
    });
    expect(await snapshot()).toEqual(before);
  });
});
