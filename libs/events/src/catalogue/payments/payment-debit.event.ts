import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { paymentRequestSchema } from './payment.schema';

/**
 * Hop of a payment: debit the payer. Keyed by the payer's account, so that every change of one
 * account's balance is decided in its partition, in order.
 */
export const PaymentDebit = defineEvent({
  type: 'payments.payment-debit',
  schema: paymentRequestSchema,
  topic: Topics.paymentCommands,
  key: (p) => p.from.toLowerCase(),
});
