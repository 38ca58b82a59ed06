import { CustomerCreated, EventEnvelope, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { writeReplica } from '../customer-replica';
import { orderAwaiting, placeOrder, placingRequestOf } from '../order-rows';

type CustomerCreatedEvent = EventEnvelope<PayloadOf<typeof CustomerCreated>>;

/**
 * Adds a new customer to the replica and, when the creation was one an order asked for (its
 * tracking id is the order's customer tracking id), places that order and answers its request.
 */
@Controller()
export class CustomerCreatedHandler {
  @OnEvent(CustomerCreated)
  async handle(@Payload() event: CustomerCreatedEvent, @Ctx() ctx: WorkerContext): Promise<void> {
    await writeReplica(ctx, event.payload, false);
    if (event.trackingId === undefined) return;
    const order = await orderAwaiting(ctx, event.trackingId);
    if (!order) return;
    order.updatedAt = event.time;
    ctx.answerRequest(placingRequestOf(order), await placeOrder(ctx, order));
  }
}
