import { customersService } from '@app/customers';
import { CloudEventHeaders, ShipmentState, Topics } from '@app/events';
import { ordersService } from '@app/orders';
import { paymentsService } from '@app/payments';
import { shippingService } from '@app/shipping';
import { AppProcess, kcatReadAll, waitFor } from '@app/testing';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';
import { OrdersFactsFeed } from './orders-facts-feed';
import { customerKnownToOrders, OrderBody, WAIT } from './orders-system';
import { PaymentsClient } from './payments-client';

const ITEMS = [
  { sku: 'book-1', quantity: 2, unitPrice: 1250 },
  { sku: 'pen-7', quantity: 3, unitPrice: 199 },
];
const TOTAL = 2 * 1250 + 3 * 199;

interface AccountBody {
  readonly accountId: string;
  readonly balance: number;
  readonly inFlightBalance: number;
}

/**
 * Order -> payment -> shipment with no orchestrator, on real processes of customers, orders,
 * payments and shipping: payments charges placed orders and refunds cancelled ones, orders marks
 * them paid or payment-failed, shipping ships only paid orders. Each service knows only the
 * events it consumes and publishes.
 */
describe('Order, payment and shipment collaborate through events (real stack)', () => {
  const system = new LandscapeSystem([
    customersService,
    ordersService,
    paymentsService,
    shippingService,
  ]);
  let customersApi: AppProcess;
  let ordersApi: AppProcess;
  let shippingApi: AppProcess;
  let payments: PaymentsClient;
  let shop: string;

  beforeAll(async () => {
    await system.setUp();
    await Promise.all(
      [customersService, ordersService, paymentsService, shippingService].map((service) =>
        system.startWorker(service),
      ),
    );
    let paymentsApi: AppProcess;
    [customersApi, ordersApi, paymentsApi, shippingApi] = await Promise.all(
      [customersService, ordersService, paymentsService, shippingService].map((service) =>
        system.startApi(service),
      ),
    );
    payments = new PaymentsClient(system, [paymentsApi]);
    shop = (await payments.openAccount('shop')).accountId;
  }, 240_000);
  afterAll(() => system.tearDown());

  /** Creates a customer known to orders' replica, with an account holding `funds` if given. */
  async function customer(name: string, funds?: number): Promise<{ id: string; account?: string }> {
    const id = await customerKnownToOrders(system, customersApi.url, name);
    if (funds === undefined) return { id };
    const account = (await payments.openAccount(id)).accountId;
    expect((await payments.deposit(account, funds)).status).toBe(201);
    return { id, account };
  }

  async function placeOrder(customerId: string): Promise<OrderBody> {
    const placed = await http<OrderBody>(
      'POST',
      `${ordersApi.url}/orders`,
      { customerId, items: ITEMS },
      WAIT,
    );
    expect(placed.body).toMatchObject({ status: 'placed', total: TOTAL, version: 1 });
    return placed.body;
  }

  function orderReaches(orderId: string, status: string): Promise<OrderBody> {
    return waitFor(
      async () => (await http<OrderBody>('GET', `${ordersApi.url}/orders/${orderId}`)).body,
      (order) => order.status === status,
      { what: `order ${orderId} ${status}` },
    );
  }

  async function shipmentOf(orderId: string): Promise<ShipmentState | undefined> {
    const reply = await http<{ items: ShipmentState[] }>(
      'GET',
      `${shippingApi.url}/shipments?orderId=${orderId}`,
    );
    return reply.body.items[0];
  }

  function shipmentReaches(orderId: string, status: string): Promise<ShipmentState | undefined> {
    return waitFor(
      () => shipmentOf(orderId),
      (shipment) => shipment?.status === status,
      { what: `the shipment of order ${orderId} ${status}` },
    );
  }

  async function balanceOf(accountId: string): Promise<number> {
    return (await payments.get<AccountBody>(`/accounts/${accountId}`)).body.balance;
  }

  /** Waits until shipping has read every fact on orders' topic, so that an absence means something. */
  async function shippingCaughtUp(): Promise<void> {
    const feed = new OrdersFactsFeed(system.topicsOf(ordersService).events);
    await feed.open();
    try {
      await feed.waitUntilRead(system.db(shippingService));
    } finally {
      await feed.close();
    }
  }

  /** The types of the facts published about an order, on `topic`, in order. */
  async function factTypes(topic: string, orderId: string): Promise<string[]> {
    const records = await kcatReadAll(`${system.topicPrefix}${topic}`);
    return records
      .filter((record) => record.key === orderId)
      .map((record) => record.headers[CloudEventHeaders.type]);
  }

  it('charges a placed order to its customer, marks it paid, ships it and moves the money to the shop', async () => {
    const ada = await customer('Ada', 10_000);
    const shopBefore = await balanceOf(shop);
    const order = await placeOrder(ada.id);

    expect(await orderReaches(order.orderId, 'paid')).toMatchObject({ version: 2 });
    const shipment = await shipmentReaches(order.orderId, 'addressed');
    expect(await balanceOf(ada.account ?? '')).toBe(10_000 - TOTAL);
    expect(await balanceOf(shop)).toBe(shopBefore + TOTAL);

    const dispatched = await http(
      'POST',
      `${shippingApi.url}/shipments/${shipment?.shipmentId}/dispatch`,
      {},
      WAIT,
    );
    expect(dispatched.status).toBe(200);
    expect(await orderReaches(order.orderId, 'shipped')).toMatchObject({ version: 3 });
    expect(await factTypes(Topics.orderEvents, order.orderId)).toEqual([
      'orders.order-placed',
      'orders.order-paid',
    ]);
    expect(await factTypes(Topics.paymentEvents, order.orderId)).toEqual([
      'payments.payment-completed',
      'payments.order-charged',
    ]);
    await payments.expectConserved();
  });

  it('fails the payment of an order its customer cannot afford: no money moves, nothing ships', async () => {
    const grace = await customer('Grace', 100);
    const order = await placeOrder(grace.id);

    const unpaid = await orderReaches(order.orderId, 'payment-failed');
    expect(unpaid).toMatchObject({
      version: 2,
      paymentFailure: { code: 'insufficient-funds', reason: expect.stringContaining('less than') },
    });
    const failed = (await kcatReadAll(system.topicsOf(ordersService).events)).find(
      (record) =>
        record.key === order.orderId &&
        record.headers[CloudEventHeaders.type] === 'orders.order-payment-failed',
    );
    expect(JSON.parse(failed?.payload ?? '{}')).toMatchObject({
      failure: { code: 'insufficient-funds' },
    });
    expect(await balanceOf(grace.account ?? '')).toBe(100);
    await shippingCaughtUp();
    expect(await shipmentOf(order.orderId)).toBeUndefined();
    await payments.expectConserved();
  });

  it('fails the payment of an order whose customer has no account', async () => {
    const linus = await customer('Linus');
    const order = await placeOrder(linus.id);

    await orderReaches(order.orderId, 'payment-failed');
    const failed = (await kcatReadAll(system.topicsOf(paymentsService).events)).find(
      (record) =>
        record.key === order.orderId &&
        record.headers[CloudEventHeaders.type] === 'payments.order-charge-failed',
    );
    expect(JSON.parse(failed?.payload ?? '{}')).toMatchObject({
      failure: { code: 'payer-not-found', reason: `Customer ${linus.id} has no open account` },
    });
  });

  it('refunds a paid order cancelled before dispatch and cancels its shipment', async () => {
    const alan = await customer('Alan', 5_000);
    const order = await placeOrder(alan.id);
    await orderReaches(order.orderId, 'paid');
    await shipmentReaches(order.orderId, 'addressed');
    expect(await balanceOf(alan.account ?? '')).toBe(5_000 - TOTAL);

    const cancelled = await http<OrderBody>(
      'POST',
      `${ordersApi.url}/orders/${order.orderId}/cancel`,
      {},
      WAIT,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 3 });
    await shipmentReaches(order.orderId, 'cancelled');
    await waitFor(
      () => factTypes(Topics.paymentEvents, order.orderId),
      (types) => types.includes('payments.order-refunded'),
      { what: `the refund of order ${order.orderId}` },
    );
    await payments.idle();
    expect(await balanceOf(alan.account ?? '')).toBe(5_000);
    await payments.expectConserved();
  });

  it('refunds an order cancelled while payments was not reading, once its charge completes', async () => {
    const barbara = await customer('Barbara', 5_000);
    await system.stopWorkers(paymentsService);
    const order = await placeOrder(barbara.id);
    expect(
      (await http(`POST`, `${ordersApi.url}/orders/${order.orderId}/cancel`, {}, WAIT)).body,
    ).toMatchObject({ status: 'cancelled' });

    await system.startWorker(paymentsService);
    await waitFor(
      () => factTypes(Topics.paymentEvents, order.orderId),
      (types) => types.includes('payments.order-refunded'),
      { what: `the refund of order ${order.orderId}` },
    );
    expect(await factTypes(Topics.paymentEvents, order.orderId)).toEqual([
      'payments.payment-completed',
      'payments.order-charged',
      'payments.payment-completed',
      'payments.order-refunded',
    ]);
    await payments.idle();
    expect(await balanceOf(barbara.account ?? '')).toBe(5_000);
    expect(
      (await http<OrderBody>('GET', `${ordersApi.url}/orders/${order.orderId}`)).body,
    ).toMatchObject({ status: 'cancelled' });
    await shippingCaughtUp();
    expect(await shipmentOf(order.orderId)).toBeUndefined();
    await payments.expectConserved();
  });
});
