import { customerStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** A customer as the API answers it: its fields, id and version. */
export class CustomerStateDto extends createZodDto(customerStateSchema) {}
