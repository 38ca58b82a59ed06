import { EventEnvelope, PayloadOf, RequestPayment } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { AccountEntity, refusalOfRequest } from '@app/payments';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { enterPayment } from '../enter-payment';

/**
 * Step a of a payment a client asked for, in the payer's partition. The client's request stays
 * open until the payment completes or fails, further down the flow; the same request sent again
 * while its payment is under way is answered with the first.
 */
@Controller()
export class RequestPaymentHandler {
  @OnEvent(RequestPayment)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof RequestPayment>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const refusal = refusalOfRequest(event.payload);
    if (refusal) ctx.reject(refusal.reason, refusal.code, { deadLetter: false });
    if (ctx.onBehalfOf !== undefined) {
      // The payer's account row, read in its own partition (the request is keyed by the payer).
      const payer = await ctx.manager
        .getRepository(AccountEntity)
        .findOneBy({ accountId: event.payload.from });
      ctx.requireOwner(payer?.owner ?? '', `Account ${event.payload.from}`);
    }
    ctx.defer();
    await enterPayment(ctx, event.payload, ctx.trackingId ?? null, event.time);
  }
}
