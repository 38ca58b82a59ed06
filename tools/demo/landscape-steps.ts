import { address, call, expectStatus, note, poll, step } from './demo-http';

/** Where the demo reaches each service, and the shipping worker it pauses. */
export interface Landscape {
  readonly customers: string;
  readonly orders: string;
  readonly shipping: string;
  readonly pricing: string;
  /** The process id of the one shipping worker, stopped for a while and resumed. */
  readonly shippingWorkerPid: number;
}

interface Order {
  orderId: string;
  customerId: string;
  status: string;
  total: number;
}

interface Shipment {
  shipmentId: string;
  status: string;
  recipient: { name: string; address: { city: string } } | null;
}

const WAIT = { Prefer: 'wait=15' };

/**
 * The services working together through events only: pricing, orders, shipping and customers,
 * each answering from its own view. `ada` and `alan` are customers the customers steps created.
 */
export async function landscapeSteps(
  at: Landscape,
  run: string,
  ada: string,
  alan: string,
): Promise<void> {
  const book = `BOOK-${run}`;
  const line = (sku: string, quantity: number, unitPrice: number) => ({ sku, quantity, unitPrice });
  const shipmentOf = (orderId: string, done: (s: Shipment) => boolean, what: string) =>
    poll<{ items: Shipment[] }>(
      `${at.shipping}/shipments?orderId=${orderId}`,
      (body) => body.items.length === 1 && done(body.items[0]),
      what,
    ).then((body) => body.items[0]);

  step(
    "9. Orders: an order for a known customer, checked against orders' own replica of customers",
  );
  const placed = await call<Order>(
    'POST',
    `${at.orders}/orders`,
    { customerId: ada, items: [line(book, 2, 1250)] },
    WAIT,
  );
  expectStatus(placed, 201);
  const adaOrder = placed.body.orderId;

  step(
    '10. Shipping: the order placed reaches shipping, addressed from ITS replica of customers (no call to customers)',
  );
  const adaShipment = await shipmentOf(
    adaOrder,
    (s) => s.status === 'addressed',
    'the shipment is addressed',
  );
  note(`ships to ${adaShipment.recipient?.name} in ${adaShipment.recipient?.address.city}`);

  step('11. Ada moves: the customers fact re-addresses the shipment that is not dispatched yet');
  expectStatus(
    await call('PATCH', `${at.customers}/customers/${ada}`, { address: address('Antwerp') }, WAIT),
    200,
  );
  await shipmentOf(
    adaOrder,
    (s) => s.recipient?.address.city === 'Antwerp',
    'the shipment follows to Antwerp',
  );

  step(
    '12. One service requests work of another: an order for a NEW customer (orders asks customers, by tracking id)',
  );
  const marie = {
    name: 'Marie Curie',
    email: `marie.${run}@example.com`,
    address: address('Liege'),
  };
  const chained = await call<Order>(
    'POST',
    `${at.orders}/orders`,
    { newCustomer: marie, items: [line(book, 1, 1250)] },
    WAIT,
  );
  expectStatus(chained, 201);
  const marieOrder = chained.body.orderId;
  note(
    'one Prefer: wait covered both services: customers created her, then orders placed the order',
  );
  expectStatus(await call('GET', `${at.customers}/customers/${chained.body.customerId}`), 200);

  step(
    "13. The same, refused by the customers service: its reason becomes the order's (409, email taken)",
  );
  expectStatus(
    await call(
      'POST',
      `${at.orders}/orders`,
      { newCustomer: { ...marie, name: 'Not Marie' }, items: [line(book, 1, 1250)] },
      WAIT,
    ),
    409,
  );

  step(
    "14. Offline resilience: shipping's worker is stopped while orders and an address change happen",
  );
  process.kill(at.shippingWorkerPid, 'SIGSTOP');
  note(`shipping worker (pid ${at.shippingWorkerPid}) stopped`);
  let resumed = false;
  try {
    const alanOrder = await call<Order>(
      'POST',
      `${at.orders}/orders`,
      { customerId: alan, items: [line(book, 1, 1250)] },
      WAIT,
    );
    expectStatus(alanOrder, 201);
    expectStatus(
      await call('PATCH', `${at.customers}/customers/${alan}`, { address: address('Namur') }, WAIT),
      200,
    );
    const meanwhile = await call<{ items: Shipment[] }>(
      'GET',
      `${at.shipping}/shipments?orderId=${alanOrder.body.orderId}`,
    );
    note(
      `shipping knows ${meanwhile.body.items.length} shipment for it while stopped; orders and customers go on`,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    process.kill(at.shippingWorkerPid, 'SIGCONT');
    resumed = true;
    note('shipping worker resumed: it catches up from its stored positions');
    await shipmentOf(
      alanOrder.body.orderId,
      (s) => s.status === 'addressed' && s.recipient?.address.city === 'Namur',
      'the shipment is addressed to the newest address (Namur)',
    );
  } finally {
    if (!resumed) process.kill(at.shippingWorkerPid, 'SIGCONT');
  }

  step(
    '15. Dispatch (a command to shipping); the fact reaches orders, which then refuses a cancel (409)',
  );
  expectStatus(
    await call(
      'POST',
      `${at.shipping}/shipments/${adaShipment.shipmentId}/dispatch`,
      undefined,
      WAIT,
    ),
    200,
  );
  await poll<Order>(
    `${at.orders}/orders/${adaOrder}`,
    (o) => o.status === 'shipped',
    'the order is shipped',
  );
  expectStatus(await call('POST', `${at.orders}/orders/${adaOrder}/cancel`, undefined, WAIT), 409);

  step(
    '16. Cancel before dispatch: orders publishes the cancellation, shipping cancels the shipment',
  );
  expectStatus(
    await call('POST', `${at.orders}/orders/${marieOrder}/cancel`, undefined, WAIT),
    200,
  );
  await shipmentOf(marieOrder, (s) => s.status === 'cancelled', 'the shipment is cancelled');

  step(
    '17. Pricing, plugged in beside orders without changing it: demand moves the price (+5% per 10 units)',
  );
  const hot = `HOT-${run}`;
  expectStatus(await call('PUT', `${at.pricing}/prices/${hot}`, { basePrice: 1000 }, WAIT), 200);
  expectStatus(
    await call(
      'POST',
      `${at.orders}/orders`,
      { customerId: ada, items: [line(hot, 10, 1000)] },
      WAIT,
    ),
    201,
  );
  await poll<{ price: number | null }>(
    `${at.pricing}/prices/${hot}`,
    (p) => p.price === 1050,
    'the price is 1050',
  );
}
