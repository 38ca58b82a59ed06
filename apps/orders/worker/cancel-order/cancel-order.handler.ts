import { CancelOrder, EventEnvelope, OrderCancelled, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import {
  OrderEntity,
  OrderRejection,
  OrderRejections,
  OrderState,
  OrderStatus,
  OrderStatuses,
} from '@app/orders';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { advanceOrder, lockOrder } from '../order-rows';

type CancelOrderEvent = EventEnvelope<PayloadOf<typeof CancelOrder>>;

/** Why an order in each status that cannot be cancelled cannot; the others can. */
const refusals: Partial<Record<OrderStatus, OrderRejection>> = {
  [OrderStatuses.awaitingCustomer]: OrderRejections.orderNotPlaced,
  [OrderStatuses.cancelled]: OrderRejections.orderCancelled,
  [OrderStatuses.shipped]: OrderRejections.orderShipped,
};

/**
 * Cancels an order that was placed and has not shipped (paid or not), and tells others with
 * `OrderCancelled`: shipping cancels its shipment, payments refunds what was charged.
 */
@Controller()
export class CancelOrderHandler {
  @OnEvent(CancelOrder)
  async handle(@Payload() event: CancelOrderEvent, @Ctx() ctx: WorkerContext): Promise<OrderState> {
    const { orderId } = event.payload;
    const order = await lockOrder(ctx, orderId);
    if (!order) {
      ctx.reject(`Order ${orderId} does not exist`, OrderRejections.orderNotFound, {
        deadLetter: false,
      });
    }
    ctx.requireOwner(order.customerId, `Order ${orderId}`);
    const refusal = refusals[order.status];
    if (refusal) ctx.reject(`Order ${orderId} is ${order.status}`, refusal, { deadLetter: false });
    await advanceOrder(ctx, order, OrderStatuses.cancelled, event.time);
    ctx.emit(OrderCancelled, { orderId, customerId: order.customerId, version: order.version });
    return OrderEntity.toState(order);
  }
}
