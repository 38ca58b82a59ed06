import { EventEnvelope, OrderPlaced, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { DEMAND_RULE, DemandRule, PriceBook } from '@app/pricing';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { announce } from '../announce-repricing';

/**
 * Counts a placed order's units as demand for its skus, at the order's event time (never the
 * worker's clock), and reprices them by the demand rule. An order counts once, by its id.
 */
@Controller()
export class OrderPlacedHandler {
  constructor(@Inject(DEMAND_RULE) private readonly rule: DemandRule) {}

  @OnEvent(OrderPlaced)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderPlaced>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const { orderId, items } = event.payload;
    const repricings = await new PriceBook(ctx.manager, this.rule).recordOrder(
      orderId,
      items,
      event.time,
    );
    for (const repricing of repricings) announce(ctx, repricing, false);
  }
}
