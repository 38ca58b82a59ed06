import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { placedOrderSchema } from './order.schema';

/**
 * Fact: a placed order was paid; carries the order (its lines and total) so that a service that
 * acts on paid orders, shipping, needs nothing else.
 */
export const OrderPaid = defineEvent({
  type: 'orders.order-paid',
  schema: placedOrderSchema,
  topic: Topics.orderEvents,
  key: (p) => p.orderId,
});
