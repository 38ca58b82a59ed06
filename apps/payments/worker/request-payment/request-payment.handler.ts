import { EventEnvelope, PayloadOf, RequestPayment } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { refusalOfRequest } from '@app/payments';
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
    ctx.defer();
    await enterPayment(ctx, event.payload, ctx.trackingId ?? null, event.time);
  }
}
