import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { shipmentStateSchema } from './shipment.schema';

/** Fact: a shipment not yet dispatched follows its customer's newer name or address. */
export const ShipmentReaddressed = defineEvent({
  type: 'shipping.shipment-readdressed',
  schema: shipmentStateSchema,
  topic: Topics.shippingEvents,
  key: (p) => p.orderId,
});
