import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { orderVersionSchema } from './order.schema';

/** Fact: a placed order was cancelled before it shipped. */
export const OrderCancelled = defineEvent({
  type: 'orders.order-cancelled',
  schema: orderVersionSchema,
  topic: Topics.orderEvents,
  key: (p) => p.orderId,
});
