import { defineEvent } from '../../event-definition';
import { requestRejectedSchema } from '../../request-rejected.schema';
import { Topics } from '../../topics.constants';

/** Fact: a request to the shipping service was refused; says why, under the request's tracking id. */
export const ShippingRequestRejected = defineEvent({
  type: 'shipping.request-rejected',
  schema: requestRejectedSchema,
  topic: Topics.shippingEvents,
  key: (p) => p.trackingId,
});
