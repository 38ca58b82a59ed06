import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { shipmentStateSchema } from './shipment.schema';

/** Fact: a placed order got its shipment, addressed if the replica knew its customer, else awaiting its address. */
export const ShipmentCreated = defineEvent({
  type: 'shipping.shipment-created',
  schema: shipmentStateSchema,
  topic: Topics.shippingEvents,
  key: (p) => p.orderId,
});
