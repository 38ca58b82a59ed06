import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { orderMoneyMovedSchema } from './order-charge.schema';

/** Fact: a cancelled order's charge went back from the shop's account to the customer's. */
export const OrderRefunded = defineEvent({
  type: 'payments.order-refunded',
  schema: orderMoneyMovedSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.orderId,
});
