import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { placedOrderSchema } from './order.schema';

/** Fact: an order was placed for a known customer; carries its lines and total. */
export const OrderPlaced = defineEvent({
  type: 'orders.order-placed',
  schema: placedOrderSchema,
  topic: Topics.orderEvents,
  key: (p) => p.orderId,
});
