import { EventEnvelope, OrderPlaced, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { chargeOrder } from '../order-charges';

/** Charges a placed order to its customer's account, in favour of the shop's. */
@Controller()
export class OrderPlacedHandler {
  @OnEvent(OrderPlaced)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderPlaced>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const { orderId, customerId, total } = event.payload;
    await chargeOrder(ctx, { orderId, customerId, amount: total }, event.time);
  }
}
