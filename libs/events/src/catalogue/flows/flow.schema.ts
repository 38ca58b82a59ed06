import { z } from 'zod';
import { storableText } from '../../schema/stored-text';

/** The fields a person sets when acknowledging a flow: what was done about it. */
export const flowAcknowledgementFieldsSchema = z.object({
  note: storableText().trim().min(1).max(500),
});

/** A flow acknowledged by a person, as its command and fact carry it. */
export const flowAcknowledgementSchema = flowAcknowledgementFieldsSchema.extend({
  /** The correlation id of the flow: the tracking id of the request that started it. */
  correlationId: storableText().min(1).max(200),
});

export type FlowAcknowledgementFields = z.output<typeof flowAcknowledgementFieldsSchema>;
export type FlowAcknowledgement = z.output<typeof flowAcknowledgementSchema>;
