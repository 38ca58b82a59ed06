import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { orderMoneyMovedSchema } from './order-charge.schema';

/** Fact: a placed order was paid, its total moved from the customer's account to the shop's. */
export const OrderCharged = defineEvent({
  type: 'payments.order-charged',
  schema: orderMoneyMovedSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.orderId,
});
