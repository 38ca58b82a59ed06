import {
  CreateCustomer,
  EventEnvelope,
  OrderItem,
  PayloadOf,
  PlaceOrder,
  stableUuid,
} from '@app/events';
import { NOT_OWNER, OnEvent, WorkerContext } from '@app/kafka';
import {
  CustomerReplicaEntity,
  OrderEntity,
  OrderRejections,
  OrderState,
  OrderStatuses,
} from '@app/orders';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { placeOrder } from '../order-rows';

type PlaceOrderEvent = EventEnvelope<PayloadOf<typeof PlaceOrder>>;

/**
 * Places an order for a customer its replica knows, or, for a new customer, asks the customers
 * service to create it (a `CreateCustomer` command under a tracking id of its own, with the id the
 * client chose or one derived from the order; an id that exists already makes customers refuse,
 * and the order is rejected with its reason) and leaves the order `awaiting-customer` and its
 * request unanswered: the handlers of the customers' facts carrying that tracking id decide it.
 */
@Controller()
export class PlaceOrderHandler {
  @OnEvent(PlaceOrder)
  async handle(
    @Payload() event: PlaceOrderEvent,
    @Ctx() ctx: WorkerContext,
  ): Promise<OrderState | undefined> {
    const { orderId, items, newCustomer } = event.payload;
    const orders = ctx.manager.getRepository(OrderEntity);
    const existing = await orders.findOneBy({ orderId });
    if (existing) {
      // Another copy of the request (a retry under the same Idempotency-Key): it changes nothing.
      if (existing.status !== OrderStatuses.awaitingCustomer) return OrderEntity.toState(existing);
      ctx.defer();
      return undefined;
    }
    if (items.length === 0) {
      ctx.reject('An order needs at least one item', OrderRejections.invalidItems, {
        deadLetter: false,
      });
    }
    const order = orders.create({
      orderId,
      items,
      total: totalOf(items),
      version: 0,
      trackingId: event.trackingId ?? event.id,
      createdAt: event.time,
      updatedAt: event.time,
    });
    if (!newCustomer) {
      ctx.requireOwner(event.payload.customerId ?? '', 'The customer of the order');
      order.customerId = await this.knownCustomer(ctx, event.payload.customerId ?? '');
      return placeOrder(ctx, order);
    }
    // A caller acting for a customer orders for that customer only, never for a new one.
    if (ctx.onBehalfOf !== undefined) {
      ctx.reject(`Customer ${ctx.onBehalfOf} cannot order for a new customer`, NOT_OWNER, {
        deadLetter: false,
      });
    }
    // The client's choice, or derived from the order, so that a re-run asks for the same
    // customer under the same id. PostgreSQL spells uuids in lowercase.
    const { customerId: chosenId, ...fields } = newCustomer;
    order.customerId = chosenId?.toLowerCase() ?? stableUuid(`${orderId}/customer`);
    order.customerTrackingId = stableUuid(`${orderId}/create-customer`);
    order.status = OrderStatuses.awaitingCustomer;
    await orders.save(order);
    ctx.emit(
      CreateCustomer,
      { customerId: order.customerId, ...fields },
      { trackingId: order.customerTrackingId },
    );
    ctx.defer();
    return undefined;
  }

  /** Returns the customer's id if the replica knows it and it was not deleted; refuses otherwise. */
  private async knownCustomer(ctx: WorkerContext, customerId: string): Promise<string> {
    const replica = await ctx.manager
      .getRepository(CustomerReplicaEntity)
      .findOneBy({ customerId });
    if (!replica || replica.deleted) {
      ctx.reject(`Customer ${customerId} is not known`, OrderRejections.unknownCustomer, {
        deadLetter: false,
      });
    }
    return customerId;
  }
}

/** Returns the sum of quantity times unit price, in minor units (integers all the way). */
function totalOf(items: readonly OrderItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}
