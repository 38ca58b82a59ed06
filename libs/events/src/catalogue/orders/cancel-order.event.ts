import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';

/** Command: cancel an order that has not shipped. */
export const CancelOrder = defineEvent({
  type: 'orders.cancel-order',
  schema: z.object({ orderId: z.uuid() }),
  topic: Topics.orderCommands,
  key: (p) => p.orderId,
});
