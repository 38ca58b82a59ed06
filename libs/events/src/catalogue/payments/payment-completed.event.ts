import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { debitedPaymentSchema } from './payment.schema';

/**
 * Fact: a payment completed, the payer debited and the payee credited. Keyed by its reference
 * (an order id, say) when it has one, so that the facts about one reference stay in order.
 */
export const PaymentCompleted = defineEvent({
  type: 'payments.payment-completed',
  schema: debitedPaymentSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.reference ?? p.paymentId.toLowerCase(),
});
