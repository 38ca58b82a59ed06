import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';

/** Command: hand an addressed shipment to the carrier. */
export const DispatchShipment = defineEvent({
  type: 'shipping.dispatch-shipment',
  schema: z.object({ shipmentId: z.uuid() }),
  topic: Topics.shippingCommands,
  key: (p) => p.shipmentId,
});
