import { flowFieldsSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** The body of `POST /flows`: the flow fields, unknown fields refused. */
export class CreateFlowDto extends createZodDto(flowFieldsSchema.strict()) {}
