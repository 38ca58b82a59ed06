import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { flowAcknowledgementSchema } from './flow.schema';

/** Command: a person took care of a stuck or dead-lettered flow; it no longer needs one. */
export const AcknowledgeFlow = defineEvent({
  type: 'flows.acknowledge-flow',
  schema: flowAcknowledgementSchema,
  topic: Topics.flowCommands,
  key: (p) => p.correlationId,
});
