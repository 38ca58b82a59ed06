import { customersService } from '@app/customers';
import { paymentsService } from '@app/payments';

/** The app services of the landscape, by name: the migration job, the AsyncAPI document and the docs read it. */
export const landscape = {
  customers: customersService,
  payments: paymentsService,
} as const;
