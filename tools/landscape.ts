import { customersService } from '@app/customers';
import { pricingService } from '@app/pricing';

/** The app services of the landscape, by name: the migration job, the AsyncAPI document and the docs read it. */
export const landscape = {
  customers: customersService,
  pricing: pricingService,
} as const;
