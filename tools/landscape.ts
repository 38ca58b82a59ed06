import { customersService } from '@app/customers';
import { ordersService } from '@app/orders';

/** The app services of the landscape, by name: the migration job, the AsyncAPI document and the docs read it. */
export const landscape = {
  customers: customersService,
  orders: ordersService,
} as const;
