import { EventEnvelope, OrderChargeFailed, OrderPaymentFailed, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { OrderStatuses } from '@app/orders';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { advanceOrder, lockOrder } from '../order-rows';

/** Marks a placed order payment-failed when payments could not charge it; it will not ship. */
@Controller()
export class OrderChargeFailedHandler {
  @OnEvent(OrderChargeFailed)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderChargeFailed>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const order = await lockOrder(ctx, event.payload.orderId);
    if (order?.status !== OrderStatuses.placed) return;
    order.paymentFailure = event.payload.failure;
    await advanceOrder(ctx, order, OrderStatuses.paymentFailed, event.time);
    const { orderId, customerId, version } = order;
    ctx.emit(OrderPaymentFailed, { orderId, customerId, version, failure: event.payload.failure });
  }
}
