import { customersService } from '@app/customers';
import { CloudEventHeaders } from '@app/events';
import { ordersService } from '@app/orders';
import { paymentsService } from '@app/payments';
import { shippingService } from '@app/shipping';
import { ServiceDefinition } from '@app/service';
import { AppProcess, kcatReadAll, TokenIssuer, waitFor } from '@app/testing';
import { http, HttpReply } from './customers-system';
import { LandscapeSystem } from './landscape-system';
import { customerFields } from './orders-system';

const SERVICES = [customersService, ordersService, paymentsService, shippingService];
const ITEMS = [{ sku: 'book-1', quantity: 1, unitPrice: 1250 }];

/**
 * Who may act on whose resources, with authentication on: a caller whose token names a customer
 * (`customer_id`) reaches that customer's customer record, orders, accounts and payments only; a
 * back office with `<service>:any` reaches everyone's. The APIs check what they can see in the
 * request; the commands carry the customer (`ce_onbehalfof`) and the workers check the rest
 * against their views.
 */
describe('Ownership: a customer reaches its own resources only (real processes, real JWKS)', () => {
  const system = new LandscapeSystem(SERVICES);
  const issuer = new TokenIssuer();
  const apis = new Map<string, AppProcess>();
  let ada: string;
  let bob: string;

  const audience = (service: ServiceDefinition) => `${service.name}-api`;
  const scopesOf = (any: boolean) =>
    SERVICES.flatMap((s) => [
      `${s.name}:read`,
      `${s.name}:write`,
      ...(any ? [`${s.name}:any`] : []),
    ]);

  /** Calls `service`'s API as `as`: the back office, a customer, or a caller acting for no one. */
  function call<T = unknown>(
    service: ServiceDefinition,
    as: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpReply<T>> {
    const token =
      as === 'back-office'
        ? issuer.token('back-office', scopesOf(true), audience(service))
        : as === 'nobody'
          ? issuer.token('nobody', scopesOf(false), audience(service))
          : issuer.token(`login-${as}`, scopesOf(false), audience(service), { customer_id: as });
    const url = `${apis.get(service.name)?.url}${path}`;
    return http<T>(method, url, body, {
      authorization: `Bearer ${token}`,
      prefer: 'wait=30',
      ...headers,
    });
  }

  beforeAll(async () => {
    await issuer.start();
    await system.setUp();
    await Promise.all(SERVICES.map((service) => system.startWorker(service)));
    for (const service of SERVICES) {
      const api = await system.startApi(service, {
        AUTH_MODE: 'jwt',
        AUTH_ISSUER: issuer.issuer,
        AUTH_AUDIENCE: audience(service),
        AUTH_JWKS_URL: issuer.jwksUrl,
      });
      apis.set(service.name, api);
    }
    for (const name of ['Ada', 'Bob']) {
      const created = await call<{ customerId: string }>(
        customersService,
        'back-office',
        'POST',
        '/customers',
        customerFields(name),
      );
      expect(created.status).toBe(201);
      if (name === 'Ada') ada = created.body.customerId;
      else bob = created.body.customerId;
    }
    await waitFor(
      () =>
        system
          .db(ordersService)
          .dataSource.query(`SELECT count(*)::int AS n FROM customer_replicas`),
      (rows: { n: number }[]) => rows[0].n === 2,
      { what: "both customers in orders' replica" },
    );
  }, 240_000);
  afterAll(async () => {
    await system.tearDown();
    await issuer.stop();
  });

  it('customers: a customer reads and changes its own record only; listing takes customers:any', async () => {
    expect((await call(customersService, ada, 'GET', `/customers/${ada}`)).status).toBe(200);
    expect((await call(customersService, ada, 'GET', `/customers/${bob}`)).status).toBe(404);
    const patch = await call(customersService, ada, 'PATCH', `/customers/${bob}`, { name: 'X' });
    expect(patch).toMatchObject({ status: 403 });
    expect((await call(customersService, ada, 'GET', '/customers')).status).toBe(403);
    expect((await call(customersService, 'back-office', 'GET', '/customers')).status).toBe(200);
    const nobody = await call(customersService, 'nobody', 'GET', `/customers/${ada}`);
    expect(nobody).toMatchObject({
      status: 403,
      body: { message: 'The caller acts for no customer and lacks the scope customers:any' },
    });
  });

  it("orders: a customer orders for itself, reads its own orders, and the worker refuses a cancel of another's", async () => {
    const placed = await call<{ orderId: string }>(ordersService, ada, 'POST', '/orders', {
      customerId: ada,
      items: ITEMS,
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.orderId;
    expect(
      (await call(ordersService, ada, 'POST', '/orders', { customerId: bob, items: ITEMS })).status,
    ).toBe(403);
    expect((await call(ordersService, ada, 'GET', `/orders/${orderId}`)).status).toBe(200);
    expect((await call(ordersService, bob, 'GET', `/orders/${orderId}`)).status).toBe(404);
    const bobsList = await call<{ items: unknown[] }>(ordersService, bob, 'GET', '/orders');
    expect(bobsList).toMatchObject({ status: 200, body: { items: [] } });
    expect((await call(ordersService, bob, 'GET', `/orders?customerId=${ada}`)).status).toBe(403);

    // The API cannot see whose order it is: the command says whom Bob acts for, the worker checks.
    const cancel = await call(ordersService, bob, 'POST', `/orders/${orderId}/cancel`);
    expect(cancel).toMatchObject({ status: 403, body: { status: 'rejected', code: 'not-owner' } });
    const commands = await kcatReadAll(system.topicsOf(ordersService).commands);
    const cancels = commands.filter(
      (record) => record.headers[CloudEventHeaders.type] === 'orders.cancel-order',
    );
    expect(cancels.map((record) => record.headers[CloudEventHeaders.onBehalfOf])).toEqual([bob]);
    const after = await call<{ status: string }>(ordersService, ada, 'GET', `/orders/${orderId}`);
    expect(after.body.status).not.toBe('cancelled');
    expect(
      (await call(ordersService, 'back-office', 'POST', `/orders/${orderId}/cancel`)).status,
    ).toBe(200);
  });

  it('payments: a customer opens and pays from its own accounts only; deposits and totals take payments:any', async () => {
    const open = (as: string, owner: string) =>
      call<{ accountId: string }>(paymentsService, as, 'POST', '/accounts', {
        owner,
        currency: 'EUR',
      });
    const adas = await open(ada, ada);
    expect(adas.status).toBe(201);
    expect((await open(ada, bob)).status).toBe(403);
    const bobs = (await open('back-office', bob)).body.accountId;

    // The same Idempotency-Key from two callers is two requests: Bob does not get Ada's account.
    const sameKey = (as: string, owner: string) =>
      call<{ accountId: string; owner: string }>(
        paymentsService,
        as,
        'POST',
        '/accounts',
        { owner, currency: 'EUR' },
        { 'idempotency-key': 'my-first-account' },
      );
    const adasKeyed = await sameKey(ada, ada);
    const bobsKeyed = await sameKey(bob, bob);
    expect(adasKeyed.body.owner).toBe(ada);
    expect(bobsKeyed).toMatchObject({ status: 201, body: { owner: bob } });
    expect(bobsKeyed.body.accountId).not.toBe(adasKeyed.body.accountId);
    expect((await sameKey(ada, ada)).body.accountId).toBe(adasKeyed.body.accountId);
    const mine = adas.body.accountId;
    const deposit = (as: string, accountId: string) =>
      call(paymentsService, as, 'POST', `/accounts/${accountId}/deposits`, { amount: 1_000 });
    expect((await deposit(ada, mine)).status).toBe(403);
    expect((await deposit('back-office', mine)).status).toBe(201);
    expect((await deposit('back-office', bobs)).status).toBe(201);

    // Whose account pays is in the worker's view: the command carries Ada, the worker refuses.
    const stolen = await call(paymentsService, ada, 'POST', '/payments', {
      from: bobs,
      to: mine,
      amount: 500,
    });
    expect(stolen).toMatchObject({ status: 403, body: { code: 'not-owner' } });
    const paid = await call<{ paymentId: string }>(paymentsService, ada, 'POST', '/payments', {
      from: mine,
      to: bobs,
      amount: 300,
    });
    expect(paid).toMatchObject({ status: 201, body: { status: 'completed' } });

    expect((await call(paymentsService, bob, 'GET', `/accounts/${mine}`)).status).toBe(404);
    expect((await call(paymentsService, bob, 'GET', `/accounts/${mine}/entries`)).status).toBe(404);
    expect((await call(paymentsService, bob, 'GET', `/accounts?owner=${ada}`)).status).toBe(403);
    // Bob is paid by it, so he sees the payment; a third customer does not.
    const paymentPath = `/payments/${paid.body.paymentId}`;
    expect((await call(paymentsService, bob, 'GET', paymentPath)).status).toBe(200);
    const carol = '6f1c2a4e-1b2c-4d3e-8f40-0000000000c3';
    expect((await call(paymentsService, carol, 'GET', paymentPath)).status).toBe(404);
    expect((await call(paymentsService, ada, 'GET', '/balances')).status).toBe(403);
    expect((await call(paymentsService, ada, 'GET', `/accounts/${mine}`)).body).toMatchObject({
      balance: 700,
    });
    expect(
      (await call(paymentsService, bob, 'POST', `/accounts/${mine}/close`)).body,
    ).toMatchObject({ code: 'not-owner' });
  });

  it('shipping: a customer sees its own shipments only; dispatching takes shipping:any', async () => {
    // A paid order of Ada's: the shop's account, and money in Ada's oldest account.
    await call(paymentsService, 'back-office', 'POST', '/accounts', {
      owner: 'shop',
      currency: 'EUR',
    });
    const accounts = await call<{ items: { accountId: string }[] }>(
      paymentsService,
      'back-office',
      'GET',
      `/accounts?owner=${ada}`,
    );
    const [adas] = accounts.body.items;
    await call(paymentsService, 'back-office', 'POST', `/accounts/${adas.accountId}/deposits`, {
      amount: 5_000,
    });
    const placed = await call<{ orderId: string }>(ordersService, ada, 'POST', '/orders', {
      customerId: ada,
      items: ITEMS,
    });
    const { orderId } = placed.body;
    const shipments = (as: string) =>
      call<{ items: { shipmentId: string }[] }>(
        shippingService,
        as,
        'GET',
        `/shipments?orderId=${orderId}`,
      );
    const found = await waitFor(
      () => shipments(ada),
      (reply) => reply.body.items.length === 1,
      { what: "the shipment of Ada's paid order" },
    );
    const { shipmentId } = found.body.items[0];

    expect((await shipments(bob)).body.items).toEqual([]);
    expect((await call(shippingService, bob, 'GET', `/shipments/${shipmentId}`)).status).toBe(404);
    expect((await call(shippingService, ada, 'GET', `/shipments/${shipmentId}`)).status).toBe(200);
    const dispatch = (as: string) =>
      call(shippingService, as, 'POST', `/shipments/${shipmentId}/dispatch`);
    expect((await dispatch(ada)).status).toBe(403);
    expect((await dispatch('back-office')).status).toBe(200);
  });
});
