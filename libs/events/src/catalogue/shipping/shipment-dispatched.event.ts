import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';

/** Fact: the shipment of an order left the warehouse; the order can no longer be cancelled. */
export const ShipmentDispatched = defineEvent({
  type: 'shipping.shipment-dispatched',
  schema: z.object({
    shipmentId: z.uuid(),
    orderId: z.uuid(),
    version: z.number().int().positive(),
  }),
  topic: Topics.shippingEvents,
  key: (p) => p.orderId,
});
