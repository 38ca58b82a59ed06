import { ShippingRejections } from '@app/shipping';
import { shipmentStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** HTTP status of each refusal of the shipping worker. */
export const shippingRejectionStatuses: Readonly<Record<string, number>> = {
  [ShippingRejections.shipmentNotFound]: 404,
  [ShippingRejections.awaitingAddress]: 409,
  [ShippingRejections.undeliverable]: 409,
  [ShippingRejections.cancelled]: 409,
  [ShippingRejections.alreadyDispatched]: 409,
  'schema-violation': 422,
};

/** A shipment as the API answers it: its order, customer, status, recipient and version. */
export class ShipmentStateDto extends createZodDto(shipmentStateSchema) {}
