import { EventEnvelope, PayloadOf, PaymentReversal } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { PaymentStatuses } from '@app/payments';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { lockPayment, post } from '../account-ledger';
import { failPayment } from '../payment-outcomes';

/**
 * Compensates a DEBIT whose CREDIT failed, in the payer's partition: gives the payer back what it
 * was debited (even if it was closed since: money is never lost) and fails the payment.
 */
@Controller()
export class PaymentReversalHandler {
  @OnEvent(PaymentReversal)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof PaymentReversal>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const payment = await lockPayment(ctx.manager, event.payload.paymentId);
    if (payment?.status !== PaymentStatuses.reversing) return;
    await post(ctx.manager, {
      accountId: payment.from,
      kind: 'reversal',
      amount: payment.amount,
      paymentId: payment.paymentId,
      at: event.time,
      onlyIfOpen: false,
    });
    await failPayment(ctx, payment, event.payload.failure, event.time);
  }
}
