import { CancelOrder, EventEnvelope, OrderCancelled, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { OrderEntity, OrderRejections, OrderState, OrderStatuses } from '@app/orders';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { lockOrder } from '../order-rows';

type CancelOrderEvent = EventEnvelope<PayloadOf<typeof CancelOrder>>;

/** Why an order in each status other than placed cannot be cancelled. */
const refusals = {
  [OrderStatuses.awaitingCustomer]: OrderRejections.orderNotPlaced,
  [OrderStatuses.cancelled]: OrderRejections.orderCancelled,
  [OrderStatuses.shipped]: OrderRejections.orderShipped,
} as const;

/** Cancels a placed order that has not shipped, and tells others with `OrderCancelled`. */
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
    if (order.status !== OrderStatuses.placed) {
      ctx.reject(`Order ${orderId} is ${order.status}`, refusals[order.status], {
        deadLetter: false,
      });
    }
    order.status = OrderStatuses.cancelled;
    order.version += 1;
    order.updatedAt = event.time;
    await ctx.manager.getRepository(OrderEntity).save(order);
    ctx.emit(OrderCancelled, { orderId, customerId: order.customerId, version: order.version });
    return OrderEntity.toState(order);
  }
}
