import { paymentStateSchema } from '@app/payments';
import { createZodDto } from 'nestjs-zod';

/** A payment as the API answers it: the request, where it is in its flow, and why it failed. */
export class PaymentStateDto extends createZodDto(paymentStateSchema) {}
