import {
  PaymentCompleted,
  PaymentFailed,
  PaymentFailure,
  PaymentRequest,
  RequestPayment,
} from '@app/events';
import { WorkerContext } from '@app/kafka';
import { PaymentEntity, PaymentStatuses } from '@app/payments';
import { advancePayment } from './account-ledger';
import { settleOrderMoney } from './order-charges';

/** Returns the request a payment row was made from, as its hops carry it. */
export function requestOf(payment: PaymentEntity): PaymentRequest {
  const { paymentId, from, to, amount, reference } = payment;
  return { paymentId, from, to, amount, ...(reference === null ? {} : { reference }) };
}

/**
 * Ends a payment as completed: publishes `PaymentCompleted`, moves the order charge it pays or
 * refunds, if any, and answers the client's request (left open since it was accepted).
 */
export async function completePayment(
  ctx: WorkerContext,
  payment: PaymentEntity,
  at: Date,
): Promise<void> {
  await advancePayment(ctx.manager, payment, PaymentStatuses.completed, at);
  ctx.emit(PaymentCompleted, { ...requestOf(payment), currency: payment.currency ?? '' });
  await settleOrderMoney(ctx, payment, at);
  if (payment.trackingId !== null) {
    ctx.answerRequest(
      { trackingId: payment.trackingId, eventType: RequestPayment.type },
      PaymentEntity.toState(payment),
    );
  }
}

/**
 * Ends a payment as failed, having moved no money (any debit was reversed): publishes
 * `PaymentFailed`, moves the order charge it pays or refunds, if any, and answers the client's
 * request with the refusal.
 */
export async function failPayment(
  ctx: WorkerContext,
  payment: PaymentEntity,
  failure: PaymentFailure,
  at: Date,
): Promise<void> {
  await advancePayment(ctx.manager, payment, PaymentStatuses.failed, at, {
    failureCode: failure.code,
    failureReason: failure.reason,
  });
  ctx.emit(PaymentFailed, { ...requestOf(payment), failure });
  await settleOrderMoney(ctx, payment, at);
  if (payment.trackingId !== null) {
    ctx.rejectRequest(
      { trackingId: payment.trackingId, eventType: RequestPayment.type },
      failure.reason,
      failure.code,
    );
  }
}
