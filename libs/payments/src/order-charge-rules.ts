import { MAX_AMOUNT, OrderCharge, PaymentFailure, stableUuid } from '@app/events';
import { PaymentRejections } from './payments.constants';

/** The owner of the account that placed orders are paid to. */
export const SHOP_OWNER = 'shop';

/**
 * Where an order's money is. `charging`: its payment is under way; `charged` and `failed` end
 * the charge; a cancelled charged order goes on to `refunding`, then `refunded` or
 * `refund-failed`.
 */
export const OrderChargeStatuses = {
  charging: 'charging',
  charged: 'charged',
  failed: 'failed',
  refunding: 'refunding',
  refunded: 'refunded',
  refundFailed: 'refund-failed',
} as const;

export type OrderChargeStatus = (typeof OrderChargeStatuses)[keyof typeof OrderChargeStatuses];

/** What payments does about a placed order. */
export type ChargeDecision =
  | { readonly kind: 'free' }
  | { readonly kind: 'charge'; readonly from: string; readonly to: string }
  | { readonly kind: 'fail'; readonly failure: PaymentFailure };

/**
 * Decides how to charge a placed order: an order with nothing to pay is charged at once; otherwise
 * the customer's open account pays the shop's. Whether the customer can afford it is decided later,
 * by the DEBIT in the payer's partition, like any payment.
 * @param payer the customer's oldest open account, if it has one
 * @param shop the shop's oldest open account, if there is one
 */
export function decideCharge(
  order: OrderCharge,
  payer: string | undefined,
  shop: string | undefined,
): ChargeDecision {
  if (order.amount === 0) return { kind: 'free' };
  if (order.amount > MAX_AMOUNT) {
    return {
      kind: 'fail',
      failure: {
        code: PaymentRejections.amountTooLarge,
        reason: `The order's total ${order.amount} is more than one payment moves (${MAX_AMOUNT})`,
      },
    };
  }
  if (!payer) {
    return {
      kind: 'fail',
      failure: {
        code: PaymentRejections.payerNotFound,
        reason: `Customer ${order.customerId} has no open account`,
      },
    };
  }
  if (!shop) {
    return {
      kind: 'fail',
      failure: {
        code: PaymentRejections.payeeNotFound,
        reason: `The shop has no open account to be paid into`,
      },
    };
  }
  return { kind: 'charge', from: payer, to: shop };
}

/** What a cancellation does to an order's money. */
export type CancellationDecision = 'refund' | 'refund-when-charged' | 'nothing';

/**
 * Decides what the cancellation of an order does: a charged order is refunded; one whose charge is
 * under way is refunded when the charge completes; nothing moved otherwise.
 */
export function decideCancellation(
  status: OrderChargeStatus,
  amount: number,
): CancellationDecision {
  if (status === OrderChargeStatuses.charging) return 'refund-when-charged';
  if (status === OrderChargeStatuses.charged && amount > 0) return 'refund';
  return 'nothing';
}

/** The id of the payment that charges an order: derived, so that a re-run asks for the same one. */
export function chargePaymentId(orderId: string): string {
  return stableUuid(`payments/order/${orderId.toLowerCase()}/charge`);
}

/** The id of the payment that refunds a cancelled order. */
export function refundPaymentId(orderId: string): string {
  return stableUuid(`payments/order/${orderId.toLowerCase()}/refund`);
}
