import { z } from 'zod';
import { storableText } from '../../schema/stored-text';

/** The fields a client sets on a flow. */
export const flowFieldsSchema = z.object({
  name: storableText().trim().min(1).max(200),
});

/** The full state of a flow at one version, as its events carry it. */
export const flowStateSchema = flowFieldsSchema.extend({
  flowId: z.uuid(),
  version: z.number().int().positive(),
});

export type FlowFields = z.output<typeof flowFieldsSchema>;
export type FlowState = z.output<typeof flowStateSchema>;
