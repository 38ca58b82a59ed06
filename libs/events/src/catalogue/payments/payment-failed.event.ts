import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { paymentFailureSchema, paymentRequestSchema } from './payment.schema';

/**
 * Fact: a payment failed and moved no money (a debit made was reversed); says why. Keyed like
 * `PaymentCompleted`, by its reference when it has one.
 */
export const PaymentFailed = defineEvent({
  type: 'payments.payment-failed',
  schema: paymentRequestSchema.extend({ failure: paymentFailureSchema }),
  topic: Topics.paymentEvents,
  key: (p) => p.reference ?? p.paymentId.toLowerCase(),
});
