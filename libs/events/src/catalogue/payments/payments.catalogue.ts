import { EventCatalogue } from '../../event-catalogue';
import { AccountClosed } from './account-closed.event';
import { AccountOpened } from './account-opened.event';
import { CloseAccount } from './close-account.event';
import { DepositFunds } from './deposit-funds.event';
import { FundsDeposited } from './funds-deposited.event';
import { OpenAccount } from './open-account.event';
import { OrderChargeFailed } from './order-charge-failed.event';
import { OrderCharged } from './order-charged.event';
import { OrderRefundFailed } from './order-refund-failed.event';
import { OrderRefunded } from './order-refunded.event';
import { PaymentCompleted } from './payment-completed.event';
import { PaymentCredit } from './payment-credit.event';
import { PaymentDebit } from './payment-debit.event';
import { PaymentFailed } from './payment-failed.event';
import { PaymentRequestRejected } from './payment-request-rejected.event';
import { PaymentReversal } from './payment-reversal.event';
import { RequestPayment } from './request-payment.event';

/**
 * Every event type of the payments service: its commands and the hops of a payment on
 * `payments.commands`, its facts on `payments.events`.
 */
export const paymentsCatalogue = new EventCatalogue([
  OpenAccount,
  CloseAccount,
  DepositFunds,
  RequestPayment,
  PaymentDebit,
  PaymentCredit,
  PaymentReversal,
  AccountOpened,
  AccountClosed,
  FundsDeposited,
  PaymentCompleted,
  PaymentFailed,
  PaymentRequestRejected,
  OrderCharged,
  OrderChargeFailed,
  OrderRefunded,
  OrderRefundFailed,
]);
