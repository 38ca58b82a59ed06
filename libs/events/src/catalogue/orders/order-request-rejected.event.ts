import { defineEvent } from '../../event-definition';
import { requestRejectedSchema } from '../../request-rejected.schema';
import { Topics } from '../../topics.constants';

/** Fact: a request to the orders service was refused; says why, under the request's tracking id. */
export const OrderRequestRejected = defineEvent({
  type: 'orders.request-rejected',
  schema: requestRejectedSchema,
  topic: Topics.orderEvents,
  key: (p) => p.trackingId,
});
