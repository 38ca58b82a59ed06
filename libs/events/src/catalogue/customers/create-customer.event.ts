import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { customerFieldsSchema } from './customer.schema';

/** Command: create a customer with a client-chosen id. */
export const CreateCustomer = defineEvent({
  type: 'customers.create-customer',
  schema: customerFieldsSchema.extend({ customerId: z.uuid() }),
  topic: Topics.customerCommands,
  key: (p) => p.customerId,
});
