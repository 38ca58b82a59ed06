import { createZodDto } from 'nestjs-zod';
import { openAccountInput } from '../payment-http';

/** The body of `POST /accounts`. */
export class OpenAccountDto extends createZodDto(openAccountInput) {}
