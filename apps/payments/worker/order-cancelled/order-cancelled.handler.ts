import { EventEnvelope, OrderCancelled, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { cancelOrderCharge } from '../order-charges';

/** Refunds a cancelled order that was charged, or will be once its charge completes. */
@Controller()
export class OrderCancelledHandler {
  @OnEvent(OrderCancelled)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderCancelled>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    await cancelOrderCharge(ctx, event.payload.orderId, event.time);
  }
}
