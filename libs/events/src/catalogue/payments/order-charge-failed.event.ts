import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { orderMoneyNotMovedSchema } from './order-charge.schema';

/**
 * Fact: a placed order could not be paid (the customer has no open account, too little money,
 * the shop's account cannot take it); no money moved.
 */
export const OrderChargeFailed = defineEvent({
  type: 'payments.order-charge-failed',
  schema: orderMoneyNotMovedSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.orderId,
});
