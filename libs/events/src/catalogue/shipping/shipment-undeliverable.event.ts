import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { shipmentStateSchema } from './shipment.schema';

/** Fact: a shipment can never get an address: its customer was deleted before it had one. */
export const ShipmentUndeliverable = defineEvent({
  type: 'shipping.shipment-undeliverable',
  schema: shipmentStateSchema,
  topic: Topics.shippingEvents,
  key: (p) => p.orderId,
});
