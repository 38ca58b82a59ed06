import { createZodDto } from 'nestjs-zod';
import { customerChangesInput } from '../customer-http';

/** The body of `PATCH /customers/:id`: some of the customer fields, at least one. */
export class UpdateCustomerDto extends createZodDto(customerChangesInput) {}
