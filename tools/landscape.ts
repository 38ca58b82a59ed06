import { customersService } from '@app/customers';
import { pricingService } from '@app/pricing';
import { shippingService } from '@app/shipping';
import { ordersService } from '@app/orders';
import { paymentsService } from '@app/payments';
import { flowsService } from '@app/flows';

/** The app services of the landscape, by name: the migration job, the AsyncAPI document and the docs read it. */
export const landscape = {
  customers: customersService,
  pricing: pricingService,
  shipping: shippingService,
  orders: ordersService,
  payments: paymentsService,
  flows: flowsService,
} as const;
