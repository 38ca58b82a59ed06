import { defineEvent } from '../../event-definition';
import { requestRejectedSchema } from '../../request-rejected.schema';
import { Topics } from '../../topics.constants';

/** Fact: a request to the pricing service was refused; says why, under the request's tracking id. */
export const PricingRequestRejected = defineEvent({
  type: 'pricing.request-rejected',
  schema: requestRejectedSchema,
  topic: Topics.pricingEvents,
  key: (p) => p.trackingId,
});
