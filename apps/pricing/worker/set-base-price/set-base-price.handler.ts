import { EventEnvelope, PayloadOf, SetBasePrice, SkuPrice } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { DEMAND_RULE, DemandRule, PriceBook } from '@app/pricing';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { announce } from '../announce-repricing';

/** Sets a sku's base price at the command's event time and reprices the sku by the demand rule. */
@Controller()
export class SetBasePriceHandler {
  constructor(@Inject(DEMAND_RULE) private readonly rule: DemandRule) {}

  @OnEvent(SetBasePrice)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof SetBasePrice>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<SkuPrice> {
    const { sku, basePrice } = event.payload;
    const repricing = await new PriceBook(ctx.manager, this.rule).setBasePrice(
      sku,
      basePrice,
      event.time,
    );
    announce(ctx, repricing, true);
    return repricing.state;
  }
}
