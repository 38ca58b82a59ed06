import { defineEvent } from '../../event-definition';
import { requestRejectedSchema } from '../../request-rejected.schema';
import { Topics } from '../../topics.constants';

/** Fact: a request to the flows service was refused; says why, under the request's tracking id. */
export const FlowRequestRejected = defineEvent({
  type: 'flows.request-rejected',
  schema: requestRejectedSchema,
  topic: Topics.flowEvents,
  key: (p) => p.trackingId,
});
