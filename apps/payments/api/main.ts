import { paymentsService } from '@app/payments';
import { runApi } from '@app/service';
import { CloseAccountController } from './close-account/close-account.controller';
import { DepositFundsController } from './deposit-funds/deposit-funds.controller';
import { GetAccountController } from './get-account/get-account.controller';
import { GetBalancesController } from './get-balances/get-balances.controller';
import { GetPaymentController } from './get-payment/get-payment.controller';
import { ListAccountsController } from './list-accounts/list-accounts.controller';
import { ListEntriesController } from './list-entries/list-entries.controller';
import { OpenAccountController } from './open-account/open-account.controller';
import { paymentRejectionStatuses } from './payment-http';
import { RequestPaymentController } from './request-payment/request-payment.controller';

runApi(paymentsService, {
  controllers: [
    OpenAccountController,
    CloseAccountController,
    DepositFundsController,
    GetAccountController,
    ListAccountsController,
    ListEntriesController,
    RequestPaymentController,
    GetPaymentController,
    GetBalancesController,
  ],
  rejectionStatuses: paymentRejectionStatuses,
});
