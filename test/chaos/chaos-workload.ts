import { customersService } from '@app/customers';
import {
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeaders,
  JSON_CONTENT_TYPE,
  stableUuid,
  Topics,
} from '@app/events';
import { ordersService } from '@app/orders';
import { paymentsService } from '@app/payments';
import { entityIdFor } from '@app/requests';
import { shipmentIdOf, shippingService } from '@app/shipping';
import { kcatProduce } from '@app/testing';
import { ChaosLandscape } from './chaos-landscape';
import { LandscapeClient } from './landscape-client';
import { SeededRandom } from './seeded-random';

/** Bad input written straight to an input topic with kcat: it must end in that topic's DLQ. */
export interface BadInput {
  readonly key: string;
  readonly topic: string;
  readonly kind: 'garbage' | 'unknown-type';
}

/** How each operation is weighted in the workload's draw. */
const OPERATIONS = {
  customer: 3,
  update: 2,
  'order-known': 4,
  'order-new': 2,
  payment: 2,
  deposit: 1,
  cancel: 1.5,
  dispatch: 2.5,
  'bad-http': 0.4,
  'bad-event': 0.5,
} as const;
type Operation = keyof typeof OPERATIONS;

/** The input topics bad events are written to. */
const INPUT_TOPICS = [
  Topics.customerCommands,
  Topics.orderCommands,
  Topics.paymentCommands,
  Topics.shippingCommands,
  Topics.pricingCommands,
] as const;

/** The type of a well-formed event no service knows: a bad event of the workload. */
const UNKNOWN_TYPE = 'chaos.no-such-command';

const ok = (status: number) => status >= 200 && status < 300;

/**
 * A mixed workload over HTTP (customers created and updated; orders for known customers with
 * accounts and for new ones; payments between accounts; deposits, cancellations, dispatches;
 * bad bodies) plus bad events written with kcat, at a steady rate. The seed chooses each step;
 * what earlier steps created (customers, accounts, orders) is what later steps act on.
 */
export class ChaosWorkload {
  readonly badInputs: BadInput[] = [];
  private readonly customers: string[] = [];
  private readonly accounts: string[] = [];
  private readonly orders: string[] = [];
  private readonly emails: string[] = [];
  private shop = '';
  private sent = 0;

  constructor(
    private readonly landscape: ChaosLandscape,
    private readonly client: LandscapeClient,
    private readonly random: SeededRandom,
    private readonly runId: string,
  ) {}

  /** Opens the shop's account (orders are paid to it) and writes two bad events. @throws Error when it cannot. */
  async prepare(): Promise<void> {
    const reply = await this.client.send<{ accountId: string }>(
      paymentsService,
      'shop-account',
      'POST',
      '/accounts',
      { owner: 'shop', currency: 'EUR' },
      this.key(),
    );
    if (!ok(reply.status)) throw new Error(`the shop's account was not opened: ${reply.status}`);
    this.shop = reply.body?.accountId ?? '';
    // Bad input from the start, so that even a short run has some in its DLQs.
    await this.writeBadEvent();
    await this.writeBadEvent();
  }

  /** Sends operations at `perSecond` in all, from `senders` senders, until `until` (epoch ms). */
  async run(until: number, perSecond: number, senders: number): Promise<void> {
    const gapMs = (1000 * senders) / perSecond;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (Date.now() < until) {
          const began = Date.now();
          await this.step(this.random.weighted(OPERATIONS));
          await new Promise((resolve) =>
            setTimeout(resolve, Math.max(0, gapMs - (Date.now() - began))),
          );
        }
      }),
    );
  }

  private async step(operation: Operation): Promise<void> {
    const { random } = this;
    const customer = this.customers.length > 0 ? random.pick(this.customers) : undefined;
    const order = this.orders.length > 0 ? random.pick(this.orders) : undefined;
    switch (operation) {
      case 'customer':
        return this.createCustomer(random.next() < 0.75);
      case 'update':
        if (!customer) return this.createCustomer(true);
        await this.client.send(
          customersService,
          operation,
          'PATCH',
          `/customers/${customer}`,
          random.next() < 0.5
            ? { name: `Renamed ${random.int(1, 1e6)}` }
            : { address: this.address() },
          this.key(),
        );
        return;
      case 'order-known':
        if (!customer) return this.createCustomer(true);
        return this.placeOrder(operation, { customerId: customer });
      case 'order-new': {
        const reused = this.emails.length > 0 && random.next() < 0.15;
        const fields = this.customerFields(reused ? random.pick(this.emails) : undefined);
        return this.placeOrder(operation, { newCustomer: fields });
      }
      case 'payment':
        if (this.accounts.length < 2) return this.createCustomer(true);
        await this.client.send(
          paymentsService,
          operation,
          'POST',
          '/payments',
          {
            from: random.pick(this.accounts),
            to: random.next() < 0.2 ? this.shop : random.pick(this.accounts),
            amount: random.int(1, 3_000),
          },
          this.key(),
        );
        return;
      case 'deposit':
        if (this.accounts.length === 0) return this.createCustomer(true);
        return this.deposit(random.pick(this.accounts), random.int(1_000, 20_000));
      case 'cancel':
        if (!order) return;
        await this.client.send(
          ordersService,
          operation,
          'POST',
          `/orders/${order}/cancel`,
          {},
          this.key(),
        );
        return;
      case 'dispatch':
        if (!order) return;
        await this.client.send(
          shippingService,
          operation,
          'POST',
          `/shipments/${shipmentIdOf(order)}/dispatch`,
          {},
          this.key(),
        );
        return;
      case 'bad-http':
        await this.client.send(
          customersService,
          operation,
          'POST',
          '/customers',
          { ...this.customerFields(), email: 'not an email' },
          this.key(),
        );
        return;
      case 'bad-event':
        return this.writeBadEvent();
    }
  }

  private async createCustomer(withAccount: boolean): Promise<void> {
    const trackingId = this.key();
    const reply = await this.client.send(
      customersService,
      'customer',
      'POST',
      '/customers',
      this.customerFields(),
      trackingId,
    );
    if (!ok(reply.status)) return;
    const customerId = entityIdFor(trackingId, 'customers');
    this.customers.push(customerId);
    if (!withAccount) return;
    const accountKey = this.key();
    const opened = await this.client.send(
      paymentsService,
      'account',
      'POST',
      '/accounts',
      { owner: customerId, currency: 'EUR' },
      accountKey,
    );
    if (!ok(opened.status)) return;
    const accountId = entityIdFor(accountKey, 'accounts');
    this.accounts.push(accountId);
    await this.deposit(accountId, this.random.int(5_000, 50_000));
  }

  private async placeOrder(op: Operation, who: object): Promise<void> {
    const trackingId = this.key();
    const lines = this.random.int(1, 3);
    const items = Array.from({ length: lines }, (_, i) => ({
      sku: `sku-${this.random.int(1, 20)}-${i}`,
      quantity: this.random.int(1, 3),
      unitPrice: this.random.int(100, 4_000),
    }));
    const reply = await this.client.send(
      ordersService,
      op,
      'POST',
      '/orders',
      { ...who, items },
      trackingId,
    );
    if (!ok(reply.status)) return;
    const orderId = entityIdFor(trackingId, 'orders');
    this.orders.push(orderId);
    if (op === 'order-new' && reply.status === 201)
      this.customers.push(stableUuid(`${orderId}/customer`));
  }

  private async deposit(accountId: string, amount: number): Promise<void> {
    await this.client.send(
      paymentsService,
      'deposit',
      'POST',
      `/accounts/${accountId}/deposits`,
      { amount },
      this.key(),
    );
  }

  /** Writes a record no worker can take to an input topic: bytes that are not JSON, or a type no one knows. */
  private async writeBadEvent(): Promise<void> {
    const topic = `${this.landscape.landscapeSystem.topicPrefix}${this.random.pick(INPUT_TOPICS)}`;
    const key = `${this.runId}-bad-${this.sent++}`;
    const kind = this.random.next() < 0.5 ? 'garbage' : 'unknown-type';
    const record =
      kind === 'garbage'
        ? { key, value: Buffer.from([0xff, 0x00, 0x7b, 0x7b]) }
        : {
            key,
            value: '{"anything":true}',
            headers: {
              [CloudEventHeaders.id]: key,
              [CloudEventHeaders.type]: UNKNOWN_TYPE,
              [CloudEventHeaders.source]: 'chaos',
              [CloudEventHeaders.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
              [CloudEventHeaders.contentType]: JSON_CONTENT_TYPE,
            },
          };
    for (let attempt = 1; attempt <= 20; attempt++) {
      try {
        await kcatProduce(topic, record);
        this.badInputs.push({ key, topic, kind });
        return;
      } catch {
        // The broker may be down for a few seconds; a copy written twice is still one bad input.
        this.badInputs.push({ key, topic, kind });
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }

  private customerFields(email?: string): { name: string; email: string; address: object } {
    const n = this.random.int(1, 1e9);
    const fields = {
      name: `Customer ${n}`,
      email: email ?? `c${n}-${this.runId}@example.com`,
      address: this.address(),
    };
    if (!email) this.emails.push(fields.email);
    return fields;
  }

  private address(): object {
    return {
      street: `${this.random.int(1, 999)} Main St`,
      city: 'London',
      postalCode: 'N1',
      country: 'GB',
    };
  }

  private key(): string {
    return `${this.runId}-${this.sent++}`;
  }
}
