import { Topics } from '@app/events';
import { waitFor } from '@app/testing';
import { http } from './customers-system';
import { OrderBody, OrdersSystem } from './orders-system';

const ITEMS = [
  { sku: 'book-1', quantity: 2, unitPrice: 1250 },
  { sku: 'pen-7', quantity: 3, unitPrice: 199 },
];
const TOTAL = 2 * 1250 + 3 * 199;

interface OrdersPage {
  readonly items: OrderBody[];
  readonly nextCursor: string | null;
}

/** Orders for known customers over HTTP, against real customers and orders processes. */
describe('Orders: place, read, list, cancel until shipped (real stack)', () => {
  const system = new OrdersSystem();
  let ada: string;

  beforeAll(async () => {
    await system.setUp();
    ada = await system.knownCustomer('Ada');
  }, 180_000);
  afterAll(() => system.tearDown());

  it('places an order for a known customer with Prefer: wait, and the order and its fact carry the total', async () => {
    const placed = await system.placeOrder({ customerId: ada, items: ITEMS });

    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      customerId: ada,
      status: 'placed',
      items: ITEMS,
      total: TOTAL,
      version: 1,
    });
    expect(placed.headers.get('location')).toBe(`/orders/${placed.body.orderId}`);
    expect((await system.get<OrderBody>(`/orders/${placed.body.orderId}`)).body).toEqual(
      placed.body,
    );
    const facts = await waitFor(
      async () =>
        (await system.records(Topics.orderEvents)).filter(
          (r) => r.key === placed.body.orderId && OrdersSystem.typeOf(r) === 'orders.order-placed',
        ),
      (found) => found.length === 1,
      { what: 'OrderPlaced' },
    );
    expect(JSON.parse(facts[0].payload ?? '{}')).toMatchObject({ total: TOTAL, version: 1 });
  });

  it('answers 202 at once without Prefer: wait, and /requests/:id with the outcome', async () => {
    const posted = await system.placeOrder({ customerId: ada, items: ITEMS }, {});
    expect(posted.status).toBe(202);
    const location = posted.headers.get('location') ?? '';
    expect(location).toMatch(/^\/requests\/[0-9a-f-]{36}$/);

    const outcome = await waitFor(
      () =>
        http<{ status: string; result: OrderBody }>('GET', `${system.ordersApi.url}${location}`),
      (reply) => reply.status === 200,
      { what: 'the outcome' },
    );
    expect(outcome.body).toMatchObject({
      status: 'accepted',
      result: { customerId: ada, status: 'placed', total: TOTAL },
    });
  });

  it('rejects an order for a customer the replica does not know with 422, and keeps no order', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    const refused = await system.placeOrder({ customerId: unknown, items: ITEMS });

    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ status: 'rejected', code: 'unknown-customer' });
    const listed = await system.get<OrdersPage>(`/orders?customerId=${unknown}`);
    expect(listed.body.items).toEqual([]);
  });

  it.each([
    ['no items', { items: [] }],
    ['a negative quantity', { items: [{ sku: 'a', quantity: -1, unitPrice: 5 }] }],
    ['a fractional unit price', { items: [{ sku: 'a', quantity: 1, unitPrice: 1.5 }] }],
    ['an unknown item field', { items: [{ sku: 'a', quantity: 1, unitPrice: 5, color: 'red' }] }],
    ['both a customer and a new customer', { items: ITEMS, newCustomer: { name: 'x' } }],
  ])('refuses %s with 400 before any command is sent', async (_, body) => {
    const refused = await system.placeOrder({ customerId: ada, ...body });

    expect(refused.status).toBe(400);
  });

  it('lists orders by customer and status, oldest first, a page at a time', async () => {
    const grace = await system.knownCustomer('Grace');
    const placed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await system.placeOrder({ customerId: grace, items: ITEMS });
      expect(reply.status).toBe(201);
      placed.push(reply.body.orderId);
    }
    expect((await system.cancelOrder(placed[1])).status).toBe(200);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/orders?customerId=${grace}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await system.get<OrdersPage>(query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((o) => o.orderId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(placed);

    const cancelled = await system.get<OrdersPage>(`/orders?customerId=${grace}&status=cancelled`);
    expect(cancelled.body.items.map((o) => o.orderId)).toEqual([placed[1]]);
    const placedOnly = await system.get<OrdersPage>(`/orders?customerId=${grace}&status=placed`);
    expect(placedOnly.body.items).toHaveLength(4);
    expect((await system.get('/orders?cursor=forged')).status).toBe(400);
    expect((await system.get('/orders?status=lost')).status).toBe(400);
  });

  it('cancels a placed order once, and refuses to cancel an order after its shipment was dispatched', async () => {
    const first = (await system.placeOrder({ customerId: ada, items: ITEMS })).body;
    const second = (await system.placeOrder({ customerId: ada, items: ITEMS })).body;

    const cancelled = await system.cancelOrder(first.orderId);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await system.cancelOrder(first.orderId)).toMatchObject({
      status: 409,
      body: { code: 'order-cancelled' },
    });

    await system.charge(second);
    await waitFor(
      () => system.get<OrderBody>(`/orders/${second.orderId}`),
      (reply) => reply.body.status === 'paid',
      { what: 'the order paid' },
    );
    await system.dispatch(second.orderId);
    await waitFor(
      () => system.get<OrderBody>(`/orders/${second.orderId}`),
      (reply) => reply.body.status === 'shipped',
      { what: 'the order shipped' },
    );
    expect(await system.cancelOrder(second.orderId)).toMatchObject({
      status: 409,
      body: { status: 'rejected', code: 'order-shipped' },
    });
    expect(await system.cancelOrder('00000000-0000-4000-8000-000000000001')).toMatchObject({
      status: 404,
      body: { code: 'order-not-found' },
    });
    const facts = (await system.records(Topics.orderEvents)).filter(
      (r) => OrdersSystem.typeOf(r) === 'orders.order-cancelled',
    );
    expect(facts.filter((r) => r.key === first.orderId)).toHaveLength(1);
    expect(facts.filter((r) => r.key === second.orderId)).toHaveLength(0);
  });

  it('marks a placed order paid or payment-failed from its charge, with the fact for shipping', async () => {
    const [paid, unpaid, cancelled] = await Promise.all(
      [1, 2, 3].map(async () => (await system.placeOrder({ customerId: ada, items: ITEMS })).body),
    );
    expect((await system.cancelOrder(cancelled.orderId)).status).toBe(200);
    await system.charge(paid);
    await system.charge(unpaid, { code: 'insufficient-funds', reason: 'Not enough money' });
    // Payments refunds a cancelled order itself: its charge leaves it cancelled.
    await system.charge(cancelled);

    const paidNow = await waitFor(
      () => system.get<OrderBody>(`/orders/${paid.orderId}`),
      (reply) => reply.body.status === 'paid',
      { what: 'the order paid' },
    );
    expect(paidNow.body.version).toBe(2);
    const failedNow = await waitFor(
      () => system.get<OrderBody>(`/orders/${unpaid.orderId}`),
      (reply) => reply.body.status === 'payment-failed',
      { what: 'the order payment-failed' },
    );
    expect(failedNow.body.paymentFailure).toEqual({
      code: 'insufficient-funds',
      reason: 'Not enough money',
    });
    expect(paidNow.body.paymentFailure).toBeNull();
    const facts = await waitFor(
      async () =>
        (await system.records(Topics.orderEvents)).filter((r) =>
          ['orders.order-paid', 'orders.order-payment-failed'].includes(
            OrdersSystem.typeOf(r) ?? '',
          ),
        ),
      (found) => found.filter((r) => r.key !== cancelled.orderId).length >= 2,
      { what: 'OrderPaid and OrderPaymentFailed' },
    );
    const byOrder = new Map(facts.map((r) => [r.key, r]));
    expect(JSON.parse(byOrder.get(paid.orderId)?.payload ?? '{}')).toEqual({
      orderId: paid.orderId,
      customerId: ada,
      items: ITEMS,
      total: TOTAL,
      version: 2,
    });
    expect(JSON.parse(byOrder.get(unpaid.orderId)?.payload ?? '{}')).toMatchObject({
      version: 2,
      failure: { code: 'insufficient-funds' },
    });
    expect(byOrder.has(cancelled.orderId)).toBe(false);
    expect((await system.get<OrderBody>(`/orders/${cancelled.orderId}`)).body.status).toBe(
      'cancelled',
    );
    // A payment-failed order can still be cancelled, which tells payments and shipping.
    expect((await system.cancelOrder(unpaid.orderId)).body).toMatchObject({
      status: 'cancelled',
      version: 3,
    });
  });
});
