import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { orderMoneyNotMovedSchema } from './order-charge.schema';

/**
 * Fact: a cancelled order's refund could not be paid (the customer's account was closed since,
 * say); the money stays with the shop, for a person to return by other means.
 */
export const OrderRefundFailed = defineEvent({
  type: 'payments.order-refund-failed',
  schema: orderMoneyNotMovedSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.orderId,
});
