import { EventEnvelope, PayloadOf, PaymentCredit, PaymentReversal } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { decideCredit, hopTrackingId, PaymentStatuses } from '@app/payments';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { advancePayment, lockAccount, lockPayment, post } from '../account-ledger';
import { completePayment, requestOf } from '../payment-outcomes';

/**
 * Step c, in the payee's partition: credits the payee and completes the payment; or, when the
 * payee cannot take it (unknown, closed, another currency), sends the money back to the payer.
 */
@Controller()
export class PaymentCreditHandler {
  @OnEvent(PaymentCredit)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof PaymentCredit>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const payment = await lockPayment(ctx.manager, event.payload.paymentId);
    if (payment?.status !== PaymentStatuses.debited) return;
    const currency = event.payload.currency;
    const payee = await lockAccount(ctx.manager, payment.to);
    const decision = decideCredit(payee, { ...requestOf(payment), currency });
    if (decision.kind === 'reverse') {
      await advancePayment(ctx.manager, payment, PaymentStatuses.reversing, event.time, {
        failureCode: decision.failure.code,
        failureReason: decision.failure.reason,
      });
      ctx.emit(
        PaymentReversal,
        { ...requestOf(payment), currency, failure: decision.failure },
        { trackingId: hopTrackingId(payment.paymentId, 'reversal') },
      );
      return;
    }
    await post(ctx.manager, {
      accountId: payment.to,
      kind: 'credit',
      amount: payment.amount,
      paymentId: payment.paymentId,
      at: event.time,
      onlyIfOpen: true,
    });
    await completePayment(ctx, payment, event.time);
  }
}
