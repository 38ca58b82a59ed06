import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { customerFieldsSchema } from './customer.schema';

/** Command: change some fields of a customer, if it is still at `expectedVersion`. */
export const UpdateCustomer = defineEvent({
  type: 'customers.update-customer',
  schema: z.object({
    customerId: z.uuid(),
    expectedVersion: z.number().int().positive().optional(),
    changes: customerFieldsSchema.partial().refine((c) => Object.keys(c).length > 0, {
      message: 'changes must set at least one field',
    }),
  }),
  topic: Topics.customerCommands,
  key: (p) => p.customerId,
});
