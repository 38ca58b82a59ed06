import { EventEnvelope, PayloadOf, PaymentCredit, PaymentDebit } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { decideDebit, hopTrackingId, PaymentStatuses } from '@app/payments';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { advancePayment, lockAccount, lockPayment, post } from '../account-ledger';
import { failPayment, requestOf } from '../payment-outcomes';

/**
 * Step b, in the payer's partition, after every earlier change of its balance: debits the payer
 * and asks for the CREDIT, or fails the payment (unknown or closed payer, insufficient funds).
 */
@Controller()
export class PaymentDebitHandler {
  @OnEvent(PaymentDebit)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof PaymentDebit>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const payment = await lockPayment(ctx.manager, event.payload.paymentId);
    // Past this step already (a copy of the hop): nothing left to do.
    if (payment?.status !== PaymentStatuses.requested) return;
    const decision = decideDebit(await lockAccount(ctx.manager, payment.from), requestOf(payment));
    if (decision.kind === 'fail') return failPayment(ctx, payment, decision.failure, event.time);
    await post(ctx.manager, {
      accountId: payment.from,
      kind: 'debit',
      amount: -payment.amount,
      paymentId: payment.paymentId,
      at: event.time,
      onlyIfOpen: true,
    });
    await advancePayment(ctx.manager, payment, PaymentStatuses.debited, event.time, {
      currency: decision.currency,
    });
    ctx.emit(
      PaymentCredit,
      { ...requestOf(payment), currency: decision.currency },
      { trackingId: hopTrackingId(payment.paymentId, 'credit') },
    );
  }
}
