import { CreateShipments1764700000300 } from './migrations/1764700000300-create-shipments.migration';

/** The shipping service's own PostgreSQL schema. @default 'shipping' */
export const SHIPPING_SCHEMA = 'shipping';

/** The shipping service's migrations, run after the worker tables. */
export const shippingMigrations = [CreateShipments1764700000300];

/** Why the shipping worker refuses a request; the API maps each to an HTTP status. */
export const ShippingRejections = {
  shipmentNotFound: 'shipment-not-found',
  awaitingAddress: 'shipment-awaiting-address',
  undeliverable: 'shipment-undeliverable',
  cancelled: 'shipment-cancelled',
  alreadyDispatched: 'shipment-already-dispatched',
} as const;

export type ShippingRejection = (typeof ShippingRejections)[keyof typeof ShippingRejections];
