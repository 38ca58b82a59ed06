import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { paymentRequestSchema } from './payment.schema';

/**
 * Command: pay an amount from one account to another. Keyed by the payer's account, where the
 * payment enters the in-flight view; its request is answered when the payment completes or fails.
 */
export const RequestPayment = defineEvent({
  type: 'payments.request-payment',
  schema: paymentRequestSchema,
  topic: Topics.paymentCommands,
  key: (p) => p.from.toLowerCase(),
});
