import { ShipmentAddressed, ShipmentCreated, ShipmentReaddressed, Topics } from '@app/events';
import { shippingService } from '@app/shipping';
import { kcatReadAll, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { addressOn, ShippingFact, ShippingLandscape } from './shipping-landscape';

const CUSTOMERS = 60;

/**
 * Two shipping workers take orders' and customers' facts written in every interleaving, so that
 * an order and its customer's facts may be handled at the same time on different partitions and
 * workers: every shipment still ends at its customer's newest address, addressed at most once.
 */
describe('Shipping with two workers and interleaved topics (real Kafka, PostgreSQL and processes)', () => {
  const landscape = new ShippingLandscape();

  beforeAll(async () => {
    await landscape.setUp();
    await landscape.system.startWorker(shippingService);
  });
  afterAll(() => landscape.tearDown());

  /** Writes an order and its customer's two versions in a random order of the three. */
  async function writeInterleaved(customerId: string): Promise<string> {
    let orderId = '';
    const writes = [
      async () => (orderId = await landscape.placeOrder(customerId)),
      () => landscape.writeCustomerFact(customerId, 1, `1 First St ${customerId}`),
      () => landscape.writeCustomerFact(customerId, 2, `2 Second St ${customerId}`),
    ].sort(() => Math.random() - 0.5);
    for (const write of writes) await write();
    return orderId;
  }

  it('addresses every shipment once, at its newest address, however the facts interleave', async () => {
    const customerIds = Array.from({ length: CUSTOMERS }, () => randomUUID());
    const orderIds = await Promise.all(customerIds.map((id) => writeInterleaved(id)));

    await waitFor(
      () =>
        landscape.system
          .db(shippingService)
          .dataSource.query(`SELECT count(*)::int AS n FROM shipments WHERE address_version = 2`),
      (rows: { n: number }[]) => rows[0].n === CUSTOMERS,
      { what: 'every shipment at its newest address' },
    );
    const facts = (await kcatReadAll(landscape.topic(Topics.shippingEvents))).map((r) => ({
      type: r.headers['ce_type'],
      payload: JSON.parse(r.payload ?? 'null') as ShippingFact['payload'],
    }));
    orderIds.forEach((orderId, i) => {
      const mine = facts.filter((f) => f.payload.orderId === orderId);
      const count = (type: string) => mine.filter((f) => f.type === type).length;
      expect(count(ShipmentCreated.type)).toBe(1);
      expect(count(ShipmentAddressed.type)).toBeLessThanOrEqual(1);
      expect(count(ShipmentReaddressed.type)).toBeLessThanOrEqual(1);
      expect(mine[mine.length - 1].payload).toMatchObject({
        status: 'addressed',
        recipient: { address: addressOn(`2 Second St ${customerIds[i]}`) },
        addressVersion: 2,
      });
    });
  });
});
