import { ShipmentCreated, ShipmentDispatched, ShipmentReaddressed } from '@app/events';
import { waitFor } from '@app/testing';
import { http } from './customers-system';
import { addressOn, ShippingLandscape, WAIT } from './shipping-landscape';

/**
 * Shipping on the real stack with customers: shipments created from orders' facts and addressed
 * from shipping's replica of customers, following address changes until dispatch, dispatched by
 * a tracked command, cancelled with their order.
 */
describe('Shipping flows (real Kafka, PostgreSQL and processes)', () => {
  const landscape = new ShippingLandscape();

  beforeAll(() => landscape.setUp());
  afterAll(() => landscape.tearDown());

  function dispatch(shipmentId: string, headers: Record<string, string> = WAIT) {
    return http<Record<string, unknown>>(
      'POST',
      `${landscape.shippingApi.url}/shipments/${shipmentId}/dispatch`,
      undefined,
      headers,
    );
  }

  /** Places an order for a new customer and waits until its shipment is addressed. */
  async function addressedShipment(street: string) {
    const customerId = await landscape.createCustomer('Ada', street);
    const orderId = await landscape.placeOrder(customerId);
    const shipment = await landscape.waitForShipment(
      orderId,
      (s) => s.status === 'addressed',
      'the shipment addressed',
    );
    return { customerId, orderId, shipment };
  }

  it("creates an order's shipment addressed with its customer's name and address", async () => {
    const { customerId, orderId, shipment } = await addressedShipment('1 Main St');

    expect(shipment).toEqual({
      shipmentId: expect.any(String),
      orderId,
      customerId,
      status: 'addressed',
      recipient: { name: 'Ada', address: addressOn('1 Main St') },
      addressVersion: 1,
      version: 1,
    });
    const read = await http('GET', `${landscape.shippingApi.url}/shipments/${shipment.shipmentId}`);
    expect(read).toMatchObject({ status: 200, body: shipment });
    expect((await landscape.factsOf(orderId)).map((f) => f.type)).toEqual([ShipmentCreated.type]);
  });

  it('re-addresses an undispatched shipment when its customer moves, and no longer once dispatched', async () => {
    const { customerId, orderId, shipment } = await addressedShipment('1 Old Rd');

    expect(await landscape.moveCustomer(customerId, '2 New Rd')).toBe(200);
    const moved = await landscape.waitForShipment(
      orderId,
      (s) => s.addressVersion === 2,
      'the shipment re-addressed',
    );
    expect(moved).toMatchObject({
      status: 'addressed',
      recipient: { address: addressOn('2 New Rd') },
      version: 2,
    });

    const dispatched = await dispatch(shipment.shipmentId);
    expect(dispatched).toMatchObject({
      status: 200,
      body: { status: 'dispatched', recipient: { address: addressOn('2 New Rd') }, version: 3 },
    });

    // A move after dispatch reaches the replica (a later order would use it), not the shipment.
    expect(await landscape.moveCustomer(customerId, '3 Too Late Rd')).toBe(200);
    const laterOrder = await landscape.placeOrder(customerId);
    const later = await landscape.waitForShipment(laterOrder, () => true, 'the later shipment');
    expect(later.recipient?.address).toEqual(addressOn('3 Too Late Rd'));
    expect(await landscape.shipmentOf(orderId)).toEqual(dispatched.body);
    expect((await landscape.factsOf(orderId)).map((f) => f.type)).toEqual([
      ShipmentCreated.type,
      ShipmentReaddressed.type,
      ShipmentDispatched.type,
    ]);
  });

  it('answers a dispatch without waiting with 202, its outcome at /requests/:id, and a repeated Idempotency-Key with the same outcome', async () => {
    const { orderId, shipment } = await addressedShipment('4 Poll St');

    const accepted = await dispatch(shipment.shipmentId, { 'idempotency-key': `d-${orderId}` });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ trackingId: `d-${orderId}`, status: 'pending' });
    const outcome = await waitFor(
      () =>
        http<{ status: string; result?: { status: string } }>(
          'GET',
          `${landscape.shippingApi.url}${String(accepted.body.location)}`,
        ),
      (reply) => reply.status === 200,
      { what: 'the outcome of the dispatch' },
    );
    expect(outcome.body).toMatchObject({
      status: 'accepted',
      result: { shipmentId: shipment.shipmentId, status: 'dispatched' },
    });

    const repeated = await dispatch(shipment.shipmentId, {
      'idempotency-key': `d-${orderId}`,
      ...WAIT,
    });
    expect(repeated).toMatchObject({ status: 200, body: { status: 'dispatched', version: 2 } });
    const again = await dispatch(shipment.shipmentId);
    expect(again).toMatchObject({
      status: 409,
      body: { status: 'rejected', code: 'shipment-already-dispatched' },
    });
    const dispatches = (await landscape.factsOf(orderId)).filter(
      (f) => f.type === ShipmentDispatched.type,
    );
    expect(dispatches).toHaveLength(1);
  });

  it('answers 404 for a shipment that does not exist', async () => {
    const reply = await dispatch('00000000-0000-4000-8000-000000000000');
    expect(reply.status).toBe(404);
  });

  it('cancels the shipment of an order cancelled before dispatch, which then cannot be dispatched', async () => {
    const { customerId, orderId, shipment } = await addressedShipment('5 Cancel St');

    await landscape.cancelOrder(orderId, customerId);
    const cancelled = await landscape.waitForShipment(
      orderId,
      (s) => s.status === 'cancelled',
      'the shipment cancelled',
    );
    expect(cancelled.version).toBe(2);
    expect(await dispatch(shipment.shipmentId)).toMatchObject({
      status: 409,
      body: { status: 'rejected', code: 'shipment-cancelled' },
    });
    expect((await landscape.factsOf(orderId)).map((f) => f.type)).toEqual([
      ShipmentCreated.type,
      'shipping.shipment-cancelled',
    ]);
  });

  it('keeps a dispatched shipment when its order is cancelled afterwards, and counts the late cancellation', async () => {
    const { customerId, orderId, shipment } = await addressedShipment('6 Race St');
    expect((await dispatch(shipment.shipmentId)).status).toBe(200);

    await landscape.cancelOrder(orderId, customerId);
    await waitFor(
      () => landscape.workerMetrics(),
      (text) => text.includes('shipping_cancellations_ignored_total{reason="dispatched"} 1'),
      { what: 'the late cancellation counted' },
    );
    expect(await landscape.shipmentOf(orderId)).toMatchObject({
      status: 'dispatched',
      version: 2,
    });
    expect((await landscape.factsOf(orderId)).map((f) => f.type)).toEqual([
      ShipmentCreated.type,
      ShipmentDispatched.type,
    ]);
  });
});
