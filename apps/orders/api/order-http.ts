import { OrderRejections, OrderState, OrderStatuses } from '@app/orders';
import { orderItemSchema, paymentFailureSchema } from '@app/events';
import { AcceptedResponse } from '@app/requests';
import { z } from 'zod';

/**
 * HTTP status of each refusal of the orders worker, and of the customers service's refusals of
 * a new customer an order asked for (the order is rejected with the customers' code).
 */
export const orderRejectionStatuses: Readonly<Record<string, number>> = {
  [OrderRejections.unknownCustomer]: 422,
  [OrderRejections.invalidItems]: 422,
  [OrderRejections.orderNotFound]: 404,
  [OrderRejections.orderNotPlaced]: 409,
  [OrderRejections.orderCancelled]: 409,
  [OrderRejections.orderShipped]: 409,
  'email-taken': 409,
  'customer-exists': 409,
  'schema-violation': 422,
};

/** An order as the API answers it. */
export const orderStateSchema = z.object({
  orderId: z.uuid(),
  customerId: z.uuid(),
  status: z.enum(Object.values(OrderStatuses)),
  items: z.array(orderItemSchema),
  total: z.number().int().describe('minor units'),
  version: z.number().int(),
  paymentFailure: paymentFailureSchema
    .nullable()
    .describe('why payments could not charge it (code and reason); null unless it failed'),
});

/** Answers an accepted order write with the order and its location. */
export function acceptedOrder(status: number): AcceptedResponse {
  return { status, location: (result) => `/orders/${(result as OrderState).orderId}` };
}
