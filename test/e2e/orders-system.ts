import { customersService } from '@app/customers';
import {
  createEvent,
  encodeEvent,
  EventDefinition,
  OrderCharged,
  OrderChargeFailed,
  PayloadOf,
  ShipmentDispatched,
  stableUuid,
} from '@app/events';
import { ordersService } from '@app/orders';
import { AppProcess, kcatProduce, kcatReadAll, KcatRecord, waitFor } from '@app/testing';
import { CloudEventHeaders } from '@app/events';
import { http, HttpReply } from './customers-system';
import { LandscapeSystem } from './landscape-system';

/** `Prefer: wait` long enough for a chain of two services on a busy machine. */
export const WAIT = { prefer: 'wait=30' };

/** An order as the orders API answers it. */
export interface OrderBody {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly items: { sku: string; quantity: number; unitPrice: number }[];
  readonly total: number;
  readonly version: number;
  readonly paymentFailure?: { code: string; reason: string } | null;
}

/** A customer's fields as `POST /customers` and an order's `newCustomer` take them. */
export function customerFields(name: string): object {
  return {
    name,
    email: `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`,
    address: { street: '1 Main St', city: 'London', postalCode: 'N1', country: 'GB' },
  };
}

/**
 * Creates a customer through customers' API (`customersApi`) and waits until the orders'
 * replica of `landscape` knows it; returns its id.
 */
export async function customerKnownToOrders(
  landscape: LandscapeSystem,
  customersApi: string,
  name: string,
): Promise<string> {
  const created = await http<{ customerId: string }>(
    'POST',
    `${customersApi}/customers`,
    customerFields(name),
    WAIT,
  );
  expect(created.status).toBe(201);
  const { customerId } = created.body;
  await waitFor(
    () =>
      landscape
        .db(ordersService)
        .dataSource.query(`SELECT 1 FROM customer_replicas WHERE customer_id = $1`, [customerId]),
    (rows: unknown[]) => rows.length === 1,
    { what: `customer ${name} in the orders' replica` },
  );
  return customerId;
}

/**
 * Customers and orders on the real stack, as real processes on one topic prefix. Payments and
 * shipping are not started: a test feeds the facts of theirs that orders reads (an order's charge,
 * a shipment's dispatch) itself, on their topics, which the landscape creates.
 */
export class OrdersSystem {
  readonly landscape = new LandscapeSystem([customersService, ordersService]);
  customersApi!: AppProcess;
  customersWorker!: AppProcess;
  ordersApi!: AppProcess;
  ordersWorker!: AppProcess;

  /** `env` is added to every process's environment. */
  constructor(private readonly env: Record<string, string> = {}) {}

  /** The prefixed topic of `name` (a value of `Topics`). */
  topic(name: string): string {
    return `${this.landscape.topicPrefix}${name}`;
  }

  async setUp(): Promise<void> {
    await this.landscape.setUp();
    this.customersWorker = await this.landscape.startWorker(customersService, this.env);
    [this.customersApi, this.ordersWorker] = await Promise.all([
      this.landscape.startApi(customersService, this.env),
      this.landscape.startWorker(ordersService, this.env),
    ]);
    this.ordersApi = await this.landscape.startApi(ordersService, this.env);
  }

  async tearDown(): Promise<void> {
    await this.landscape.tearDown();
  }

  /** Creates a customer and waits until the orders' replica knows it; returns its id. */
  knownCustomer(name: string): Promise<string> {
    return customerKnownToOrders(this.landscape, this.customersApi.url, name);
  }

  /** `POST /orders` with `body`, waiting for the outcome unless `headers` says otherwise. */
  placeOrder(body: object, headers: Record<string, string> = WAIT): Promise<HttpReply<OrderBody>> {
    return http<OrderBody>('POST', `${this.ordersApi.url}/orders`, body, headers);
  }

  /** `POST /orders/:id/cancel`, waiting for the outcome. */
  cancelOrder(orderId: string): Promise<HttpReply<OrderBody>> {
    return http<OrderBody>('POST', `${this.ordersApi.url}/orders/${orderId}/cancel`, {}, WAIT);
  }

  /** `GET` of a path of the orders API. */
  get<T>(path: string): Promise<HttpReply<T>> {
    return http<T>('GET', `${this.ordersApi.url}${path}`);
  }

  /** Publishes payments' charge of an order, as payments would: paid, or failed for `failure`. */
  async charge(order: OrderBody, failure?: { code: string; reason: string }): Promise<void> {
    const charge = { orderId: order.orderId, customerId: order.customerId, amount: order.total };
    if (failure) await this.publish(OrderChargeFailed, { ...charge, failure }, 'payments-worker');
    else await this.publish(OrderCharged, charge, 'payments-worker');
  }

  /** Publishes the dispatch of an order's shipment as shipping would. */
  async dispatch(orderId: string): Promise<void> {
    const payload = { shipmentId: stableUuid(`shipment/${orderId}`), orderId, version: 2 };
    await this.publish(ShipmentDispatched, payload, 'shipping-worker');
  }

  /** Writes a fact of another service to its prefixed topic, as its worker `source` would. */
  private async publish<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    source: string,
  ): Promise<void> {
    const encoded = encodeEvent(definition, createEvent(definition, payload, { source }));
    await kcatProduce(this.topic(encoded.topic), {
      key: encoded.key,
      value: encoded.value,
      headers: encoded.headers,
    });
  }

  /** Runs a query in the orders' schema. */
  ordersQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.landscape.db(ordersService).dataSource.query(sql, params);
  }

  /** Reads every record of a prefixed topic, with kcat. */
  records(name: string): Promise<KcatRecord[]> {
    return kcatReadAll(this.topic(name));
  }

  /** Tells the CloudEvents type of a record kcat read. */
  static typeOf(record: KcatRecord): string | undefined {
    return record.headers[CloudEventHeaders.type];
  }
}
