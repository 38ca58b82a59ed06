import { createEvent, EventEnvelope, PlaceOrder, stableUuid } from '@app/events';
import { EventRejectedError, HandlerScope, NOT_OWNER, WorkerContext } from '@app/kafka';
import { OrderEntity, OrderStatuses } from '@app/orders';
import { OutboxRecord } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { PlaceOrderHandler } from './place-order.handler';

const ORDER_ID = '0b0e6d5c-3f1a-4c2e-9a55-2f4c1d7e8a01';
const GRACE = {
  name: 'Grace',
  email: 'grace@example.com',
  address: { street: '1 Main St', city: 'Arlington', postalCode: '22201', country: 'US' },
};
const ITEMS = [{ sku: 'lamp-3', quantity: 2, unitPrice: 4999 }];

/** An orders view with no order yet: what the handler saves, and what it appends to the outbox. */
class EmptyOrdersView implements HandlerScope {
  readonly saved: Partial<OrderEntity>[] = [];
  readonly records: OutboxRecord[] = [];
  readonly manager = {
    getRepository: () => ({
      findOneBy: async () => null,
      create: (fields: Partial<OrderEntity>) => ({ ...fields }),
      save: async (order: Partial<OrderEntity>) => this.saved.push(order),
    }),
  } as unknown as EntityManager;

  append(record: OutboxRecord): void {
    this.records.push(record);
  }

  /** Returns the payload of the `CreateCustomer` command the handler emitted. */
  createCustomerPayload(): Record<string, unknown> {
    const [record] = this.records.filter((r) => r.topic.endsWith('customers.commands'));
    return JSON.parse(record.value?.toString() ?? '{}');
  }
}

function placeOrder(newCustomer: object, onBehalfOf?: string): EventEnvelope {
  return createEvent(
    PlaceOrder,
    { orderId: ORDER_ID, newCustomer, items: ITEMS },
    { source: 'orders-api', trackingId: 'tracking-1', onBehalfOf },
  );
}

async function handle(event: EventEnvelope, view: EmptyOrdersView): Promise<WorkerContext> {
  const ctx = new WorkerContext(event, view, 'orders-worker');
  await new PlaceOrderHandler().handle(event as never, ctx).catch((error: unknown) => {
    if (!(error instanceof EventRejectedError)) throw error;
  });
  return ctx;
}

describe(PlaceOrderHandler.name, () => {
  describe('handle', () => {
    it('asks customers to create the new customer under the id the client chose, in lowercase, when it names one', async () => {
      const view = new EmptyOrdersView();
      const chosen = '7C9E6679-7425-40DE-944B-E07FC1F90AE7';

      const ctx = await handle(placeOrder({ customerId: chosen, ...GRACE }), view);

      expect(view.createCustomerPayload()).toEqual({ customerId: chosen.toLowerCase(), ...GRACE });
      expect(view.saved).toEqual([
        expect.objectContaining({
          customerId: chosen.toLowerCase(),
          status: OrderStatuses.awaitingCustomer,
          total: 9998,
        }),
      ]);
      expect(ctx.settling.deferred).toBe(true);
    });

    it('derives the id from the order when the client chooses none', async () => {
      const view = new EmptyOrdersView();

      await handle(placeOrder(GRACE), view);

      expect(view.createCustomerPayload()).toEqual({
        customerId: stableUuid(`${ORDER_ID}/customer`),
        ...GRACE,
      });
    });

    it('refuses and asks nothing when the caller acts for a customer, even with a chosen id', async () => {
      const view = new EmptyOrdersView();
      const chosen = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

      const ctx = await handle(placeOrder({ customerId: chosen, ...GRACE }, chosen), view);

      expect(ctx.rejection?.code).toBe(NOT_OWNER);
      expect(view.records).toEqual([]);
      expect(view.saved).toEqual([]);
    });
  });
});
