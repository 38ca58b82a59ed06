import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';

/** Command: delete a customer, if it is still at `expectedVersion` when one is given. */
export const DeleteCustomer = defineEvent({
  type: 'customers.delete-customer',
  schema: z.object({
    customerId: z.uuid(),
    expectedVersion: z.number().int().positive().optional(),
  }),
  topic: Topics.customerCommands,
  key: (p) => p.customerId,
});
