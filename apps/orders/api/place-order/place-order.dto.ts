import { addressSchema, customerFieldsSchema, orderItemSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * The body of `POST /orders`: a known customer's id or a new customer's fields (and, if the
 * client chooses it, the new customer's id), and at least one item; unknown fields (at any depth)
 * are refused, not dropped.
 */
export const placeOrderInput = z
  .object({
    customerId: z.uuid().optional(),
    newCustomer: customerFieldsSchema
      .extend({
        customerId: z
          .uuid()
          .optional()
          .describe(
            'the id to create the customer under (any case); absent: derived from the order. ' +
              'An id that exists already rejects the order (409 customer-exists)',
          ),
        address: addressSchema.strict(),
      })
      .strict()
      .optional(),
    items: z.array(orderItemSchema.strict()).min(1).max(100),
  })
  .strict()
  .refine((body) => (body.customerId === undefined) !== (body.newCustomer === undefined), {
    message: 'Send either customerId or newCustomer',
    path: ['customerId'],
  });

/** The body of `POST /orders`. */
export class PlaceOrderDto extends createZodDto(placeOrderInput) {}
