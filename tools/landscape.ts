import { customersService } from '@app/customers';
import { shippingService } from '@app/shipping';

/** The app services of the landscape, by name: the migration job, the AsyncAPI document and the docs read it. */
export const landscape = {
  customers: customersService,
  shipping: shippingService,
} as const;
