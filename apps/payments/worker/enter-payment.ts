import { PaymentDebit, PaymentRequest } from '@app/events';
import { WorkerContext } from '@app/kafka';
import { hopTrackingId, PaymentStatuses } from '@app/payments';

/**
 * Step a of a payment: enters it into the in-flight view (the payer's pending debit and the
 * payee's pending credit move at once) and asks for the DEBIT, keyed by the payer's account.
 * Returns false, changing nothing, when the payment was entered before (a copy of its request).
 * @param trackingId the client's request, answered when the payment ends; null when none waits
 */
export async function enterPayment(
  ctx: WorkerContext,
  request: PaymentRequest,
  trackingId: string | null,
  at: Date,
): Promise<boolean> {
  const entered: unknown[] = await ctx.manager.query(
    `INSERT INTO payments (payment_id, tracking_id, from_account, to_account, amount, reference,
                           status, requested_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id`,
    [
      request.paymentId,
      trackingId,
      request.from,
      request.to,
      request.amount,
      request.reference ?? null,
      PaymentStatuses.requested,
      at,
    ],
  );
  if (entered.length === 0) return false;
  ctx.emit(PaymentDebit, request, { trackingId: hopTrackingId(request.paymentId, 'debit') });
  return true;
}
