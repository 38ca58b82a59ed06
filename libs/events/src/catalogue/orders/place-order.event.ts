import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { customerFieldsSchema } from '../customers/customer.schema';
import { orderItemSchema } from './order.schema';

/**
 * Command: place an order with a client-derived id, for a known customer (`customerId`) or for a
 * new one (`newCustomer`, created by the customers service first, under the id it names or, when
 * it names none, one derived from the order). Its items may be empty on the wire: the worker
 * refuses such an order, the API never sends one.
 */
export const PlaceOrder = defineEvent({
  type: 'orders.place-order',
  schema: z
    .object({
      orderId: z.uuid(),
      customerId: z.uuid().optional(),
      newCustomer: customerFieldsSchema
        .extend({
          customerId: z.uuid().optional().describe("the new customer's id, chosen by the client"),
        })
        .optional(),
      items: z.array(orderItemSchema).max(100),
    })
    .refine((p) => (p.customerId === undefined) !== (p.newCustomer === undefined), {
      message: 'Name either customerId or newCustomer, not both',
    }),
  topic: Topics.orderCommands,
  key: (p) => p.orderId,
});
