import { flowStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** A flow as the API answers it: its fields, id and version. */
export class FlowStateDto extends createZodDto(flowStateSchema) {}
