import { CreatePayments1764900000500 } from './migrations/1764900000500-create-payments.migration';
import { CreateOrderCharges1764900000600 } from './migrations/1764900000600-create-order-charges.migration';

/** The payments service's own PostgreSQL schema. @default 'payments' */
export const PAYMENTS_SCHEMA = 'payments';

/** The payments service's migrations, run after the worker tables. */
export const paymentsMigrations = [CreatePayments1764900000500, CreateOrderCharges1764900000600];

/** Why the payments worker refuses a request or fails a payment; the API maps each to an HTTP status. */
export const PaymentRejections = {
  accountExists: 'account-exists',
  accountNotFound: 'account-not-found',
  accountClosed: 'account-closed',
  sameAccount: 'same-account',
  payerNotFound: 'payer-not-found',
  payerClosed: 'payer-closed',
  insufficientFunds: 'insufficient-funds',
  payeeNotFound: 'payee-not-found',
  payeeClosed: 'payee-closed',
  currencyMismatch: 'currency-mismatch',
  amountTooLarge: 'amount-too-large',
} as const;

export type PaymentRejection = (typeof PaymentRejections)[keyof typeof PaymentRejections];

/**
 * Where a payment is in its flow. `requested`: in flight, not yet debited; `debited`: out of the
 * payer's confirmed balance, not yet in the payee's; `reversing`: the payee could not take it,
 * going back to the payer; `completed` and `failed` are terminal.
 */
export const PaymentStatuses = {
  requested: 'requested',
  debited: 'debited',
  reversing: 'reversing',
  completed: 'completed',
  failed: 'failed',
} as const;

export type PaymentStatus = (typeof PaymentStatuses)[keyof typeof PaymentStatuses];
