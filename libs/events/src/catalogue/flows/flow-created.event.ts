import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { flowStateSchema } from './flow.schema';

/** Fact: a flow was created; carries its full state at version 1. */
export const FlowCreated = defineEvent({
  type: 'flows.flow-created',
  schema: flowStateSchema,
  topic: Topics.flowEvents,
  key: (p) => p.flowId,
});
