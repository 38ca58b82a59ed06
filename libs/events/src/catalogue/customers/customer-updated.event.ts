import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { customerStateSchema } from './customer.schema';

/** Fact: a customer changed; carries its full new state and version. */
export const CustomerUpdated = defineEvent({
  type: 'customers.customer-updated',
  schema: customerStateSchema,
  topic: Topics.customerEvents,
  key: (p) => p.customerId,
});
