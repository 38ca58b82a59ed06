import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';

/** Fact: a customer was deleted at this version (a tombstone for replicas). */
export const CustomerDeleted = defineEvent({
  type: 'customers.customer-deleted',
  schema: z.object({ customerId: z.uuid(), version: z.number().int().positive() }),
  topic: Topics.customerEvents,
  key: (p) => p.customerId,
});
