import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { shipmentStateSchema } from './shipment.schema';

/** Fact: a shipment awaiting its address got it, once its customer's fact reached the replica. */
export const ShipmentAddressed = defineEvent({
  type: 'shipping.shipment-addressed',
  schema: shipmentStateSchema,
  topic: Topics.shippingEvents,
  key: (p) => p.orderId,
});
