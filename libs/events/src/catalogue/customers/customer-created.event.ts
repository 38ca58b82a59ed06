import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { customerStateSchema } from './customer.schema';

/** Fact: a customer was created; carries its full state at version 1. */
export const CustomerCreated = defineEvent({
  type: 'customers.customer-created',
  schema: customerStateSchema,
  topic: Topics.customerEvents,
  key: (p) => p.customerId,
});
