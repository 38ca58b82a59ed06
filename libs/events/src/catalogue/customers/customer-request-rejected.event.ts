import { defineEvent } from '../../event-definition';
import { requestRejectedSchema } from '../../request-rejected.schema';
import { Topics } from '../../topics.constants';

/** Fact: a request to the customers service was refused; says why, under the request's tracking id. */
export const CustomerRequestRejected = defineEvent({
  type: 'customers.request-rejected',
  schema: requestRejectedSchema,
  topic: Topics.customerEvents,
  key: (p) => p.trackingId,
});
