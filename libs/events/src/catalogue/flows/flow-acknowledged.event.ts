import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { flowAcknowledgementSchema } from './flow.schema';

/** Fact: a flow was acknowledged by a person, with what was done about it. */
export const FlowAcknowledged = defineEvent({
  type: 'flows.flow-acknowledged',
  schema: flowAcknowledgementSchema,
  topic: Topics.flowEvents,
  key: (p) => p.correlationId,
});
