import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { debitedPaymentSchema } from './payment.schema';

/** Hop of a payment: credit the payee what the payer was debited. Keyed by the payee's account. */
export const PaymentCredit = defineEvent({
  type: 'payments.payment-credit',
  schema: debitedPaymentSchema,
  topic: Topics.paymentCommands,
  key: (p) => p.to.toLowerCase(),
});
