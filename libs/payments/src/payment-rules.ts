import { PaymentFailure, PaymentRequest, stableUuid } from '@app/events';
import { PaymentRejection, PaymentRejections } from './payments.constants';

/** What a rule needs to know of an account, read in its own partition. */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly currency: string;
  /** Confirmed balance, minor units. */
  readonly balance: number;
  readonly closed: boolean;
}

/** Why a payment fails, with a code of `PaymentRejections`. */
export interface PaymentRefusal extends PaymentFailure {
  readonly code: PaymentRejection;
}

/** What the DEBIT step does: take the amount from the payer, or fail the payment. */
export type DebitDecision =
  | { readonly kind: 'debit'; readonly currency: string }
  | { readonly kind: 'fail'; readonly failure: PaymentRefusal };

/** What the CREDIT step does: give the amount to the payee, or send it back to the payer. */
export type CreditDecision =
  { readonly kind: 'credit' } | { readonly kind: 'reverse'; readonly failure: PaymentRefusal };

/** The hops of a payment after its request, each a command of the worker to itself. */
export type PaymentHop = 'debit' | 'credit' | 'reversal';

/** Returns why a payment request is refused before it enters the in-flight view, if it is. */
export function refusalOfRequest(request: PaymentRequest): PaymentRefusal | undefined {
  if (request.from.toLowerCase() === request.to.toLowerCase()) {
    return {
      code: PaymentRejections.sameAccount,
      reason: 'A payment needs two different accounts',
    };
  }
  return undefined;
}

/**
 * Decides the DEBIT in the payer's partition, after every earlier change of its balance: the
 * confirmed balance must cover the amount, so that it never goes below zero.
 */
export function decideDebit(
  payer: AccountSnapshot | undefined,
  payment: PaymentRequest,
): DebitDecision {
  if (!payer)
    return fail(PaymentRejections.payerNotFound, `Account ${payment.from} does not exist`);
  if (payer.closed) return fail(PaymentRejections.payerClosed, `Account ${payment.from} is closed`);
  if (payer.balance < payment.amount) {
    return fail(
      PaymentRejections.insufficientFunds,
      `Account ${payment.from} has ${payer.balance} ${payer.currency}, less than ${payment.amount}`,
    );
  }
  return { kind: 'debit', currency: payer.currency };
}

/**
 * Decides the CREDIT in the payee's partition: an account that does not exist, is closed or
 * holds another currency cannot take the money, which then goes back to the payer.
 */
export function decideCredit(
  payee: AccountSnapshot | undefined,
  payment: PaymentRequest & { readonly currency: string },
): CreditDecision {
  const reverse = (code: PaymentRejection, reason: string): CreditDecision => ({
    kind: 'reverse',
    failure: { code, reason },
  });
  if (!payee)
    return reverse(PaymentRejections.payeeNotFound, `Account ${payment.to} does not exist`);
  if (payee.closed)
    return reverse(PaymentRejections.payeeClosed, `Account ${payment.to} is closed`);
  if (payee.currency !== payment.currency) {
    return reverse(
      PaymentRejections.currencyMismatch,
      `Account ${payment.to} holds ${payee.currency}, not ${payment.currency}`,
    );
  }
  return { kind: 'credit' };
}

/**
 * Returns the tracking id of one hop of a payment: derived from the payment, so that a re-run
 * emits the same hop, and its own, so that the client's request stays open until the last hop.
 */
export function hopTrackingId(paymentId: string, hop: PaymentHop): string {
  return stableUuid(`payments/${paymentId.toLowerCase()}/${hop}`);
}

function fail(code: PaymentRejection, reason: string): DebitDecision {
  return { kind: 'fail', failure: { code, reason } };
}
