import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { flowFieldsSchema } from './flow.schema';

/** Command: create a flow with a client-chosen id. */
export const CreateFlow = defineEvent({
  type: 'flows.create-flow',
  schema: flowFieldsSchema.extend({ flowId: z.uuid() }),
  topic: Topics.flowCommands,
  key: (p) => p.flowId,
});
