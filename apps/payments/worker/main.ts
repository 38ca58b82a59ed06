import { ConsumerGroups, PaymentRequestRejected } from '@app/events';
import { paymentsService } from '@app/payments';
import { runWorker } from '@app/service';
import { CloseAccountHandler } from './close-account/close-account.handler';
import { DepositFundsHandler } from './deposit-funds/deposit-funds.handler';
import { OpenAccountHandler } from './open-account/open-account.handler';
import { OrderCancelledHandler } from './order-cancelled/order-cancelled.handler';
import { OrderPlacedHandler } from './order-placed/order-placed.handler';
import { PaymentCreditHandler } from './payment-credit/payment-credit.handler';
import { PaymentDebitHandler } from './payment-debit/payment-debit.handler';
import { PaymentReversalHandler } from './payment-reversal/payment-reversal.handler';
import { RequestPaymentHandler } from './request-payment/request-payment.handler';
import { PaymentsMetrics } from './payments-metrics';

runWorker(paymentsService, {
  groupId: ConsumerGroups.paymentsWorker,
  handlers: [
    OpenAccountHandler,
    CloseAccountHandler,
    DepositFundsHandler,
    RequestPaymentHandler,
    PaymentDebitHandler,
    PaymentCreditHandler,
    PaymentReversalHandler,
    OrderPlacedHandler,
    OrderCancelledHandler,
  ],
  providers: [PaymentsMetrics],
  rejectionEvent: PaymentRequestRejected,
});
