import { currencySchema, paymentFailureSchema, paymentRequestSchema } from '@app/events';
import { z } from 'zod';
import { PaymentStatuses } from './payments.constants';

/** A payment as the API answers it, and as its request's outcome records it once terminal. */
export const paymentStateSchema = paymentRequestSchema.extend({
  currency: currencySchema.nullable().describe("the payer's currency, once debited"),
  status: z.enum(Object.values(PaymentStatuses) as [string, ...string[]]),
  failure: paymentFailureSchema.nullable(),
});

export type PaymentState = z.output<typeof paymentStateSchema>;
