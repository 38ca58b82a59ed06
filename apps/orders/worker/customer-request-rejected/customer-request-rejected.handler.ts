import { CustomerRequestRejected, EventEnvelope, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { OrderEntity } from '@app/orders';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { orderAwaiting, placingRequestOf } from '../order-rows';

type RejectedEvent = EventEnvelope<PayloadOf<typeof CustomerRequestRejected>>;

/**
 * Rejects the order whose new customer the customers service refused to create (the email is
 * taken, say), with the customers service's code and reason; the order is not kept.
 */
@Controller()
export class CustomerRequestRejectedHandler {
  @OnEvent(CustomerRequestRejected)
  async handle(@Payload() event: RejectedEvent, @Ctx() ctx: WorkerContext): Promise<void> {
    const { trackingId, code, reason } = event.payload;
    const order = await orderAwaiting(ctx, trackingId);
    if (!order) return;
    await ctx.manager.getRepository(OrderEntity).delete({ orderId: order.orderId });
    ctx.rejectRequest(
      placingRequestOf(order),
      `The order's new customer could not be created: ${reason}`,
      code,
    );
  }
}
