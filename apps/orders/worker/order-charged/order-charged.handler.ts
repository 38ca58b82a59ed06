import { EventEnvelope, OrderCharged, OrderPaid, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { OrderStatuses } from '@app/orders';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { advanceOrder, lockOrder } from '../order-rows';

/**
 * Marks a placed order paid when payments charged it, and tells others with `OrderPaid` (shipping
 * ships paid orders). An order cancelled while its charge was under way stays cancelled: payments
 * refunds it on its own, from the cancellation.
 */
@Controller()
export class OrderChargedHandler {
  @OnEvent(OrderCharged)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderCharged>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const order = await lockOrder(ctx, event.payload.orderId);
    if (order?.status !== OrderStatuses.placed) return;
    await advanceOrder(ctx, order, OrderStatuses.paid, event.time);
    const { orderId, customerId, items, total, version } = order;
    ctx.emit(OrderPaid, { orderId, customerId, items, total, version });
  }
}
