import { EventEnvelope, PayloadOf, PaymentDebit, RequestPayment } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { hopTrackingId, PaymentStatuses, refusalOfRequest } from '@app/payments';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

/**
 * Step a of a payment, in the payer's partition: enters it into the in-flight view (the payer's
 * pending debit and the payee's pending credit move at once) and asks for the DEBIT. The
 * client's request stays open until the payment completes or fails, further down the flow.
 */
@Controller()
export class RequestPaymentHandler {
  @OnEvent(RequestPayment)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof RequestPayment>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const request = event.payload;
    const refusal = refusalOfRequest(request);
    if (refusal) ctx.reject(refusal.reason, refusal.code, { deadLetter: false });
    ctx.defer();
    const entered: unknown[] = await ctx.manager.query(
      `INSERT INTO payments (payment_id, tracking_id, from_account, to_account, amount, reference,
                             status, requested_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id`,
      [
        request.paymentId,
        ctx.trackingId ?? null,
        request.from,
        request.to,
        request.amount,
        request.reference ?? null,
        PaymentStatuses.requested,
        event.time,
      ],
    );
    // The same request sent again while its payment is under way: it is answered with the first.
    if (entered.length === 0) return;
    ctx.emit(PaymentDebit, request, {
      trackingId: hopTrackingId(request.paymentId, 'debit'),
    });
  }
}
