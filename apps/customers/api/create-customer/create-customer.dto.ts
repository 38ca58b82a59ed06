import { createZodDto } from 'nestjs-zod';
import { customerFieldsInput } from '../customer-http';

/** The body of `POST /customers`: the customer fields, unknown fields refused. */
export class CreateCustomerDto extends createZodDto(customerFieldsInput) {}
