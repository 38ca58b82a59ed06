import { defineEvent } from '../../event-definition';
import { requestRejectedSchema } from '../../request-rejected.schema';
import { Topics } from '../../topics.constants';

/** Fact: a request to the payments service was refused; says why, under the request's tracking id. */
export const PaymentRequestRejected = defineEvent({
  type: 'payments.request-rejected',
  schema: requestRejectedSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.trackingId,
});
