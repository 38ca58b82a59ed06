import { OrderPlaced, PlaceOrder } from '@app/events';
import { WorkerContext } from '@app/kafka';
import { OrderEntity, OrderState, OrderStatus, OrderStatuses } from '@app/orders';

/** Reads an order for a change, locked until the transaction ends (a cancel and a dispatch may race). */
export function lockOrder(ctx: WorkerContext, orderId: string): Promise<OrderEntity | null> {
  return ctx.manager
    .getRepository(OrderEntity)
    .findOne({ where: { orderId }, lock: { mode: 'pessimistic_write' } });
}

/** Reads the order waiting for the customer whose creation carries `customerTrackingId`. */
export function orderAwaiting(
  ctx: WorkerContext,
  customerTrackingId: string,
): Promise<OrderEntity | null> {
  return ctx.manager.getRepository(OrderEntity).findOne({
    where: { customerTrackingId, status: OrderStatuses.awaitingCustomer },
    lock: { mode: 'pessimistic_write' },
  });
}

/** The request that placed an order, as another handler answers it by its tracking id. */
export function placingRequestOf(order: OrderEntity): { trackingId: string; eventType: string } {
  return { trackingId: order.trackingId, eventType: PlaceOrder.type };
}

/**
 * Saves an order as placed (version 1) and emits `OrderPlaced` under the tracking id of the
 * request that placed it; returns the order as its request is answered.
 */
export async function placeOrder(ctx: WorkerContext, order: OrderEntity): Promise<OrderState> {
  order.status = OrderStatuses.placed;
  order.version = 1;
  order.customerTrackingId = null;
  await ctx.manager.getRepository(OrderEntity).save(order);
  const { orderId, customerId, items, total, version } = order;
  ctx.emit(
    OrderPlaced,
    { orderId, customerId, items, total, version },
    { trackingId: order.trackingId },
  );
  return OrderEntity.toState(order);
}

/** Moves an order to its next status, one version on, and saves it. */
export async function advanceOrder(
  ctx: WorkerContext,
  order: OrderEntity,
  status: OrderStatus,
  at: Date,
): Promise<void> {
  order.status = status;
  order.version += 1;
  order.updatedAt = at;
  await ctx.manager.getRepository(OrderEntity).save(order);
}
