import { createZodDto } from 'nestjs-zod';
import { paymentInput } from '../payment-http';

/** The body of `POST /payments`. */
export class RequestPaymentDto extends createZodDto(paymentInput) {}
