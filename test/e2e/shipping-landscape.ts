import { customersService } from '@app/customers';
import {
  Address,
  ConsumerGroups,
  createEvent,
  CustomerCreated,
  CustomerUpdated,
  encodeEvent,
  EventDefinition,
  OrderCancelled,
  OrderPaid,
  PayloadOf,
  ShipmentState,
  Topics,
} from '@app/events';
import { shippingService } from '@app/shipping';
import { AppProcess, kcatProduce, kcatReadAll, stackConfig, waitFor } from '@app/testing';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';

/** A shipping fact as a reader of shipping.events sees it. */
export interface ShippingFact {
  readonly type: string;
  readonly payload: ShipmentState & { readonly orderId: string };
}

/** Waits for an HTTP answer: `Prefer: wait=10`. */
export const WAIT = { prefer: 'wait=10' };

/** A London address, with a street of the test's choosing. */
export function addressOn(street: string): Address {
  return { street, city: 'London', postalCode: 'N1', country: 'GB' };
}

/**
 * Customers and shipping on the real stack, one topic prefix: real processes of customers' and
 * shipping's apps, and orders' facts written to the prefixed `orders.events` as orders would
 * write them (orders itself is not part of this landscape).
 */
export class ShippingLandscape {
  readonly system = new LandscapeSystem([customersService, shippingService]);
  customersApi!: AppProcess;
  shippingApi!: AppProcess;
  shippingWorker!: AppProcess;

  /** Migrates the schemas (and creates orders' output topic), starts customers, then shipping. */
  async setUp(): Promise<void> {
    await this.system.setUp();
    await this.system.startWorker(customersService);
    this.customersApi = await this.system.startApi(customersService);
    await this.startShippingWorker();
    this.shippingApi = await this.system.startApi(shippingService);
  }

  /** Starts a shipping worker and keeps it as the one whose metrics the test reads. */
  async startShippingWorker(): Promise<AppProcess> {
    this.shippingWorker = await this.system.startWorker(shippingService);
    return this.shippingWorker;
  }

  /** Topic name with this landscape's prefix. */
  topic(name: string): string {
    return `${this.system.topicPrefix}${name}`;
  }

  /** Creates a customer through customers' API and returns its id. */
  async createCustomer(name: string, street: string): Promise<string> {
    const reply = await http<{ customerId: string }>(
      'POST',
      `${this.customersApi.url}/customers`,
      { name, email: `${randomUUID()}@example.com`, address: addressOn(street) },
      WAIT,
    );
    if (reply.status !== 201) throw new Error(`customer not created: ${JSON.stringify(reply)}`);
    return reply.body.customerId;
  }

  /** Moves a customer through customers' API; answers with customers' status. */
  async moveCustomer(customerId: string, street: string): Promise<number> {
    const reply = await http(
      'PATCH',
      `${this.customersApi.url}/customers/${customerId}`,
      { address: addressOn(street) },
      WAIT,
    );
    return reply.status;
  }

  /** Writes orders' OrderPaid for a new order of `customerId`; returns the order's id. */
  async placeOrder(customerId: string): Promise<string> {
    const orderId = randomUUID();
    await this.produce(OrderPaid, {
      orderId,
      customerId,
      items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 1250 }],
      total: 2500,
      version: 2,
    });
    return orderId;
  }

  /** Writes orders' OrderCancelled for an order placed with `placeOrder`. */
  async cancelOrder(orderId: string, customerId: string): Promise<void> {
    await this.produce(OrderCancelled, { orderId, customerId, version: 3 });
  }

  /**
   * Writes one fact as its owner would (CloudEvents headers, key of the definition) to the
   * prefixed topic; a given `id` writes a copy of an earlier fact.
   */
  async produce<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    id?: string,
  ): Promise<void> {
    const source = definition.topic === Topics.orderEvents ? 'orders-worker' : 'customers-worker';
    const encoded = encodeEvent(definition, createEvent(definition, payload, { source, id }));
    await kcatProduce(this.topic(encoded.topic), {
      key: encoded.key,
      value: encoded.value,
      headers: encoded.headers,
    });
  }

  /** Writes customers' created or updated fact for a customer at `version`. */
  async writeCustomerFact(
    customerId: string,
    version: number,
    street: string,
    name = 'Ada',
  ): Promise<void> {
    await this.produce(version === 1 ? CustomerCreated : CustomerUpdated, {
      customerId,
      name,
      email: `${customerId}@example.com`,
      address: addressOn(street),
      version,
    });
  }

  /** Reads an order's shipment through shipping's API (undefined while shipping has none). */
  async shipmentOf(orderId: string): Promise<ShipmentState | undefined> {
    const reply = await http<{ items: ShipmentState[] }>(
      'GET',
      `${this.shippingApi.url}/shipments?orderId=${orderId}`,
    );
    return reply.body.items[0];
  }

  /** Waits until an order's shipment satisfies `done`, and returns it. */
  async waitForShipment(
    orderId: string,
    done: (shipment: ShipmentState) => boolean,
    what: string,
  ): Promise<ShipmentState> {
    const shipment = await waitFor(
      () => this.shipmentOf(orderId),
      (s) => s !== undefined && done(s),
      { what },
    );
    return shipment as ShipmentState;
  }

  /** Reads shipping's facts about an order from its output topic, in order. */
  async factsOf(orderId: string): Promise<ShippingFact[]> {
    const records = await kcatReadAll(this.topic(Topics.shippingEvents));
    return records
      .map((r) => ({
        type: r.headers['ce_type'],
        payload: JSON.parse(r.payload ?? 'null') as ShippingFact['payload'],
      }))
      .filter((fact) => fact.payload?.orderId === orderId);
  }

  /** Reads the shipping worker's Prometheus text. */
  async workerMetrics(): Promise<string> {
    return (await fetch(`${this.shippingWorker.url}/metrics`)).text();
  }

  /** Stops every process and drops every schema. */
  async tearDown(): Promise<void> {
    await this.system.tearDown();
  }

  /**
   * Rewinds shipping's consumer group to the start of customers' and orders' topics, as an
   * operator would; stop its workers first (Kafka resets only the offsets of an empty group).
   */
  async rewindShippingGroup(): Promise<void> {
    await this.withAdmin(async (admin) => {
      for (const topic of [Topics.customerEvents, Topics.orderEvents]) {
        await admin.resetOffsets({
          groupId: `${this.system.topicPrefix}${ConsumerGroups.shippingWorker}`,
          topic: this.topic(topic),
          earliest: true,
        });
      }
    });
  }

  private async withAdmin(work: (admin: Admin) => Promise<void>): Promise<void> {
    const admin = new Kafka({
      clientId: 'shipping-e2e',
      brokers: stackConfig().brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}
