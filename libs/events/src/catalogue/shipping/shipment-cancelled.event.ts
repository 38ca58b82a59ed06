import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { shipmentStateSchema } from './shipment.schema';

/** Fact: a shipment was cancelled, its order having been cancelled before dispatch. */
export const ShipmentCancelled = defineEvent({
  type: 'shipping.shipment-cancelled',
  schema: shipmentStateSchema,
  topic: Topics.shippingEvents,
  key: (p) => p.orderId,
});
