import { flowAcknowledgementFieldsSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** The body of `POST /flows/:correlationId/acknowledgement`: what was done, unknown fields refused. */
export class AcknowledgeFlowDto extends createZodDto(flowAcknowledgementFieldsSchema.strict()) {}
