import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { debitedPaymentSchema, paymentFailureSchema } from './payment.schema';

/**
 * Hop of a payment the payee could not take: give the payer back what it was debited (a
 * compensating entry). Keyed by the payer's account; carries why the credit failed.
 */
export const PaymentReversal = defineEvent({
  type: 'payments.payment-reversal',
  schema: debitedPaymentSchema.extend({ failure: paymentFailureSchema }),
  topic: Topics.paymentCommands,
  key: (p) => p.from.toLowerCase(),
});
