import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { paymentFailureSchema } from '../payments/payment.schema';
import { orderVersionSchema } from './order.schema';

/** Fact: a placed order could not be paid and will not ship; says why. */
export const OrderPaymentFailed = defineEvent({
  type: 'orders.order-payment-failed',
  schema: orderVersionSchema.extend({ failure: paymentFailureSchema }),
  topic: Topics.orderEvents,
  key: (p) => p.orderId,
});
