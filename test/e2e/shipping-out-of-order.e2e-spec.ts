import {
  CustomerDeleted,
  ShipmentAddressed,
  ShipmentCreated,
  ShipmentReaddressed,
  ShipmentUndeliverable,
  Topics,
} from '@app/events';
import { shippingService } from '@app/shipping';
import { kcatReadAll, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { http } from './customers-system';
import { addressOn, ShippingLandscape, WAIT } from './shipping-landscape';

/**
 * Shipping's replica of customers lags behind, on the real stack: orders' facts that arrive
 * before their customer's, a worker started after both were written, customers deleted, and a
 * consumer group rewound to the start of the topics it reads.
 */
describe('Shipping with a lagging replica, out of order across topics, and replays (real Kafka, PostgreSQL and processes)', () => {
  const landscape = new ShippingLandscape();

  beforeAll(() => landscape.setUp());
  afterAll(() => landscape.tearDown());

  function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return landscape.system.db(shippingService).dataSource.query(sql, params);
  }

  async function replicaVersion(customerId: string): Promise<number | undefined> {
    const rows = await query<{ version: number }>(
      `SELECT version FROM customer_addresses WHERE customer_id = $1`,
      [customerId],
    );
    return rows[0]?.version;
  }

  const shipments = () => query(`SELECT * FROM shipments ORDER BY shipment_id`);
  const replica = () => query(`SELECT * FROM customer_addresses ORDER BY customer_id`);
  const shippingFactCount = async () =>
    (await kcatReadAll(landscape.topic(Topics.shippingEvents))).length;

  function dispatch(shipmentId: string) {
    return http(
      'POST',
      `${landscape.shippingApi.url}/shipments/${shipmentId}/dispatch`,
      undefined,
      WAIT,
    );
  }

  it("keeps an order that arrives before its customer's fact waiting, then addresses it once, with the newest address, whatever arrives late", async () => {
    const customerId = randomUUID();
    const orderId = await landscape.placeOrder(customerId);
    const waiting = await landscape.waitForShipment(
      orderId,
      (s) => s.status === 'awaiting-address',
      'the shipment waiting',
    );
    expect(waiting).toMatchObject({ recipient: null, addressVersion: null, version: 1 });
    expect(await dispatch(waiting.shipmentId)).toMatchObject({
      status: 409,
      body: { code: 'shipment-awaiting-address' },
    });

    // The customer's second version reaches shipping first, then a late copy of the first.
    await landscape.writeCustomerFact(customerId, 2, '2 Newer Rd');
    const addressed = await landscape.waitForShipment(
      orderId,
      (s) => s.status === 'addressed',
      'the shipment addressed',
    );
    await landscape.writeCustomerFact(customerId, 1, '1 Older Rd');
    // Same key, same partition: once version 3 is in the replica, the late copy was handled.
    await landscape.writeCustomerFact(customerId, 3, '2 Newer Rd');
    await waitFor(
      () => replicaVersion(customerId),
      (version) => version === 3,
      { what: 'the replica at version 3' },
    );

    expect(addressed).toMatchObject({
      recipient: { address: addressOn('2 Newer Rd') },
      addressVersion: 2,
      version: 2,
    });
    expect(await landscape.shipmentOf(orderId)).toEqual(addressed);
    expect((await landscape.factsOf(orderId)).map((f) => f.type)).toEqual([
      ShipmentCreated.type,
      ShipmentAddressed.type,
    ]);
    expect(await dispatch(addressed.shipmentId)).toMatchObject({
      status: 200,
      body: { status: 'dispatched', recipient: { address: addressOn('2 Newer Rd') } },
    });
  });

  it('ships to the newest address when the worker starts only after the order and the customer moved', async () => {
    await landscape.system.stopWorkers(shippingService);
    const customerId = await landscape.createCustomer('Grace', '1 First St');
    const orderId = await landscape.placeOrder(customerId);
    expect(await landscape.moveCustomer(customerId, '2 Second St')).toBe(200);
    await landscape.startShippingWorker();

    const shipment = await landscape.waitForShipment(
      orderId,
      (s) => s.addressVersion === 2,
      'the shipment at the newest address',
    );
    expect(shipment).toMatchObject({
      status: 'addressed',
      recipient: { name: 'Grace', address: addressOn('2 Second St') },
    });
    // Which topic the worker reads first is not ours to choose: either the order found the
    // customer at some version, or it waited and was addressed once; then it followed the move.
    const facts = await landscape.factsOf(orderId);
    expect(facts[0].type).toBe(ShipmentCreated.type);
    expect(facts.filter((f) => f.type === ShipmentAddressed.type).length).toBeLessThanOrEqual(1);
    expect(facts.filter((f) => f.type === ShipmentReaddressed.type).length).toBeLessThanOrEqual(1);
    expect(facts[facts.length - 1].payload).toEqual(shipment);
  });

  it("makes a waiting shipment undeliverable when its customer is deleted, and leaves an addressed one's address as it was", async () => {
    const ghost = randomUUID();
    const waitingOrder = await landscape.placeOrder(ghost);
    await landscape.waitForShipment(waitingOrder, () => true, 'the waiting shipment');
    await landscape.produce(CustomerDeleted, { customerId: ghost, version: 2 });
    const undeliverable = await landscape.waitForShipment(
      waitingOrder,
      (s) => s.status === 'undeliverable',
      'the shipment undeliverable',
    );
    expect(undeliverable).toMatchObject({ recipient: null, version: 2 });
    expect(await dispatch(undeliverable.shipmentId)).toMatchObject({
      status: 409,
      body: { code: 'shipment-undeliverable' },
    });
    expect((await landscape.factsOf(waitingOrder)).map((f) => f.type)).toEqual([
      ShipmentCreated.type,
      ShipmentUndeliverable.type,
    ]);

    const customerId = await landscape.createCustomer('Alan', '7 Kept Rd');
    const orderId = await landscape.placeOrder(customerId);
    const addressed = await landscape.waitForShipment(
      orderId,
      (s) => s.status === 'addressed',
      'the shipment addressed',
    );
    const deleted = await http(
      'DELETE',
      `${landscape.customersApi.url}/customers/${customerId}`,
      undefined,
      WAIT,
    );
    expect(deleted.status).toBe(204);
    await waitFor(
      () => replicaVersion(customerId),
      (version) => version === 2,
      { what: 'the tombstone in the replica' },
    );
    expect(await landscape.shipmentOf(orderId)).toEqual(addressed);
    expect((await dispatch(addressed.shipmentId)).status).toBe(200);
  });

  it('changes nothing when its consumer group is rewound to the start of customers.events and orders.events', async () => {
    const customerId = await landscape.createCustomer('Edsger', '9 Replay Rd');
    await landscape.waitForShipment(
      await landscape.placeOrder(customerId),
      (s) => s.status === 'addressed',
      'a shipment before the rewind',
    );
    await landscape.system.stopWorkers(shippingService);
    const before = { shipments: await shipments(), replica: await replica() };
    const factsBefore = await shippingFactCount();

    await landscape.rewindShippingGroup();
    await landscape.startShippingWorker();
    // An order written after the rewind: once its shipment exists, everything before it was read.
    const lastOrder = await landscape.placeOrder(customerId);
    const last = await landscape.waitForShipment(
      lastOrder,
      () => true,
      'the shipment after the rewind',
    );

    expect(await replica()).toEqual(before.replica);
    expect(
      (await shipments()).filter((s) => (s as { order_id: string }).order_id !== lastOrder),
    ).toEqual(before.shipments);
    expect(last.status).toBe('addressed');
    expect((await kcatReadAll(landscape.topic(Topics.shippingEvents))).length).toBe(
      factsBefore + 1,
    );
  });

  it('changes nothing when it re-reads both topics from the start, its stored positions and processed ids lost', async () => {
    await landscape.system.stopWorkers(shippingService);
    const before = { shipments: await shipments(), replica: await replica() };
    const factsBefore = await shippingFactCount();
    const read = [landscape.topic(Topics.customerEvents), landscape.topic(Topics.orderEvents)];
    await query(`DELETE FROM consumer_offsets WHERE topic = ANY($1)`, [read]);
    await query(`DELETE FROM processed_events`);

    await landscape.rewindShippingGroup();
    await landscape.startShippingWorker();
    const records = (await Promise.all(read.map((topic) => kcatReadAll(topic)))).flat().length;
    await waitFor(
      async () => handledFrom(await landscape.workerMetrics(), read),
      (handled) => handled === records,
      { what: `the restarted worker to handle all ${records} records again` },
    );

    expect(await shipments()).toEqual(before.shipments);
    expect(await replica()).toEqual(before.replica);
    expect(await shippingFactCount()).toBe(factsBefore);
  });
});

/** Sums what a worker's metrics say it handled from `topics`, whatever the outcome. */
function handledFrom(metrics: string, topics: readonly string[]): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('events_handled_total{'))
    .filter((line) => topics.some((topic) => line.includes(`topic="${topic}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
