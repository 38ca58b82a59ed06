import { randomUUID } from 'node:crypto';
import { address, call, expectStatus, note, poll, step } from './demo-http';
import { TrackedRequest } from './flows-steps';
import { balanceOf, moneyConserved, openAccounts } from './payments-steps';

/** Where the demo reaches each service, and the shipping worker it pauses. */
export interface Landscape {
  readonly customers: string;
  readonly orders: string;
  readonly shipping: string;
  readonly pricing: string;
  readonly payments: string;
  /** The process id of the one shipping worker, stopped for a while and resumed. */
  readonly shippingWorkerPid: number;
}

interface Order {
  orderId: string;
  customerId: string;
  status: string;
  total: number;
}

interface Account {
  balance: number;
}

interface Shipment {
  shipmentId: string;
  status: string;
  recipient: { name: string; address: { city: string } } | null;
}

const WAIT = { Prefer: 'wait=15' };

/**
 * The services working together through events only: payments, pricing, orders, shipping and
 * customers, each answering from its own view; an order is charged by payments, marked paid by
 * orders and shipped by shipping, with no orchestrator. `ada` and `alan` are customers the
 * customers steps created; Grace becomes one through her first order, under an id chosen here.
 * Resolves with the orders whose flows the flows steps show.
 */
export async function landscapeSteps(
  at: Landscape,
  run: string,
  ada: string,
  alan: string,
): Promise<TrackedRequest[]> {
  const book = `BOOK-${run}`;
  const line = (sku: string, quantity: number, unitPrice: number) => ({ sku, quantity, unitPrice });
  const shipmentOf = (orderId: string, done: (s: Shipment) => boolean, what: string) =>
    poll<{ items: Shipment[] }>(
      `${at.shipping}/shipments?orderId=${orderId}`,
      (body) => body.items.length === 1 && done(body.items[0]),
      what,
    ).then((body) => body.items[0]);
  const orderReaches = (orderId: string, status: string) =>
    poll<Order>(
      `${at.orders}/orders/${orderId}`,
      (o) => o.status === status,
      `the order is ${status}`,
    );

  // A new customer's id, chosen by the client before she exists: her account is opened first.
  const grace = randomUUID();
  const accounts = await openAccounts(at.payments, { ada, alan, grace });

  step(
    "10. Orders: an order for a known customer (checked against orders' own replica); payments charges it, orders marks it paid",
  );
  const placed = await call<Order>(
    'POST',
    `${at.orders}/orders`,
    { customerId: ada, items: [line(book, 2, 1250)] },
    WAIT,
  );
  expectStatus(placed, 201);
  const adaOrder = placed.body.orderId;
  await orderReaches(adaOrder, 'paid');
  note(`Ada's balance is now ${await balanceOf(at.payments, accounts.ada)} (20000 - 2500)`);

  step(
    '11. Shipping: the paid order reaches shipping, addressed from ITS replica of customers (no call to customers)',
  );
  const adaShipment = await shipmentOf(
    adaOrder,
    (s) => s.status === 'addressed',
    'the shipment is addressed',
  );
  note(`ships to ${adaShipment.recipient?.name} in ${adaShipment.recipient?.address.city}`);

  step('12. Ada moves: the customers fact re-addresses the shipment that is not dispatched yet');
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
    '13. One service requests work of another: an order for a NEW customer whose id the client chose (Grace); customers creates her, payments charges her account, shipping ships',
  );
  // With authentication off, a request's tracking id (its flow's correlation id) is its key.
  const graceKey = { 'Idempotency-Key': `grace-order-${run}` };
  const graceFields = {
    name: 'Grace Hopper',
    email: `grace.${run}@example.com`,
    address: address('Arlon'),
  };
  const graceOrder = await call<Order>(
    'POST',
    `${at.orders}/orders`,
    { newCustomer: { customerId: grace, ...graceFields }, items: [line(book, 2, 1250)] },
    { ...WAIT, ...graceKey },
  );
  expectStatus(graceOrder, 201);
  if (graceOrder.body.customerId !== grace)
    throw new Error(`the order is for ${graceOrder.body.customerId}, not Grace (${grace})`);
  note(
    'one Prefer: wait covered both services: customers created her under the chosen id (orders asked by a tracking id of its own), then orders placed the order',
  );
  expectStatus(await call('GET', `${at.customers}/customers/${grace}`), 200);
  await orderReaches(graceOrder.body.orderId, 'paid');
  note(`Grace's balance is now ${await balanceOf(at.payments, accounts.grace)} (5000 - 2500)`);
  const graceShipment = await shipmentOf(
    graceOrder.body.orderId,
    (s) => s.status === 'addressed',
    'her shipment is addressed',
  );
  note(`ships to ${graceShipment.recipient?.name} in ${graceShipment.recipient?.address.city}`);

  step(
    "14. The same without an account (Marie, her id derived from the order): payment-failed; then refused by the customers service, its reason the order's (409, email taken)",
  );
  const marie = {
    name: 'Marie Curie',
    email: `marie.${run}@example.com`,
    address: address('Liege'),
  };
  const marieKey = { 'Idempotency-Key': `marie-order-${run}` };
  const chained = await call<Order>(
    'POST',
    `${at.orders}/orders`,
    { newCustomer: marie, items: [line(book, 1, 1250)] },
    { ...WAIT, ...marieKey },
  );
  expectStatus(chained, 201);
  expectStatus(await call('GET', `${at.customers}/customers/${chained.body.customerId}`), 200);
  await orderReaches(chained.body.orderId, 'payment-failed');
  note('payments found no account of hers: the order cannot be paid and will not ship');
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
    '15. An order Alan cannot afford (5000 > 3000): payment-failed, no money moves, nothing ships',
  );
  const tooDear = await call<Order>(
    'POST',
    `${at.orders}/orders`,
    { customerId: alan, items: [line(book, 4, 1250)] },
    WAIT,
  );
  expectStatus(tooDear, 201);
  await orderReaches(tooDear.body.orderId, 'payment-failed');
  note(`Alan's balance is still ${await balanceOf(at.payments, accounts.alan)}`);

  step(
    "16. Offline resilience: shipping's worker is stopped while an order is paid and an address changes",
  );
  process.kill(at.shippingWorkerPid, 'SIGSTOP');
  note(`shipping worker (pid ${at.shippingWorkerPid}) stopped`);
  let resumed = false;
  let alanOrder: Awaited<ReturnType<typeof call<Order>>>;
  try {
    alanOrder = await call<Order>(
      'POST',
      `${at.orders}/orders`,
      { customerId: alan, items: [line(book, 1, 1250)] },
      WAIT,
    );
    expectStatus(alanOrder, 201);
    await orderReaches(alanOrder.body.orderId, 'paid');
    expectStatus(
      await call('PATCH', `${at.customers}/customers/${alan}`, { address: address('Namur') }, WAIT),
      200,
    );
    const meanwhile = await call<{ items: Shipment[] }>(
      'GET',
      `${at.shipping}/shipments?orderId=${alanOrder.body.orderId}`,
    );
    note(
      `shipping knows ${meanwhile.body.items.length} shipment for it while stopped; orders, payments and customers go on`,
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
    '17. Dispatch (a command to shipping); the fact reaches orders, which then refuses a cancel (409)',
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
    '18. Cancel a paid order before dispatch: shipping cancels the shipment, payments refunds Alan',
  );
  const alanPaid = alanOrder.body.orderId;
  expectStatus(await call('POST', `${at.orders}/orders/${alanPaid}/cancel`, undefined, WAIT), 200);
  await shipmentOf(alanPaid, (s) => s.status === 'cancelled', 'the shipment is cancelled');
  await poll<Account>(
    `${at.payments}/accounts/${accounts.alan}`,
    (a) => a.balance === 3_000,
    "Alan's 1250 is refunded (balance 3000)",
  );

  step(
    '19. Pricing, plugged in beside orders without changing it: demand moves the price (+5% per 10 units)',
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
  await moneyConserved(at.payments);
  return [
    {
      what: "Grace's order, for a new customer (orders, customers, payments, shipping)",
      trackingId: graceKey['Idempotency-Key'],
    },
    {
      what: "Marie's order, for a new customer without an account (orders, customers, payments)",
      trackingId: marieKey['Idempotency-Key'],
    },
  ];
}
