import { EventCatalogue } from '../../event-catalogue';
import { DispatchShipment } from './dispatch-shipment.event';
import { ShipmentAddressed } from './shipment-addressed.event';
import { ShipmentCancelled } from './shipment-cancelled.event';
import { ShipmentCreated } from './shipment-created.event';
import { ShipmentDispatched } from './shipment-dispatched.event';
import { ShipmentReaddressed } from './shipment-readdressed.event';
import { ShipmentUndeliverable } from './shipment-undeliverable.event';
import { ShippingRequestRejected } from './shipping-request-rejected.event';

/** Every event type of the shipping service, commands and facts. */
export const shippingCatalogue = new EventCatalogue([
  DispatchShipment,
  ShipmentCreated,
  ShipmentAddressed,
  ShipmentReaddressed,
  ShipmentDispatched,
  ShipmentCancelled,
  ShipmentUndeliverable,
  ShippingRequestRejected,
]);
