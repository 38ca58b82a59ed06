import { Recipient, ShipmentState, stableUuid } from '@app/events';
import { ShippingRejection, ShippingRejections } from './shipping.constants';

/** A customer as shipping's replica holds it: a tombstone once deleted. */
export interface CustomerAddress {
  readonly version: number;
  readonly deleted: boolean;
  /** Null only for a tombstone. */
  readonly recipient: Recipient | null;
}

/** A shipment's next state, and which fact announces it. */
export interface ShipmentChange {
  readonly fact: 'addressed' | 'readdressed' | 'undeliverable' | 'cancelled' | 'dispatched';
  readonly state: ShipmentState;
}

/** Why a dispatch is refused: the code the API maps to a status, and a reason for people. */
export interface DispatchRefusal {
  readonly code: ShippingRejection;
  readonly reason: string;
}

/** Returns the id of an order's shipment: one per order, the same on every replay. */
export function shipmentIdOf(orderId: string): string {
  return stableUuid(`shipping/${orderId.toLowerCase()}`);
}

/**
 * Returns the shipment of a newly paid order: addressed from the replica when it knows the
 * customer, awaiting its address when the replica lags behind customers, undeliverable when the
 * replica holds the customer's tombstone.
 */
export function newShipment(
  order: { readonly orderId: string; readonly customerId: string },
  customer: CustomerAddress | undefined,
): ShipmentState {
  const base = {
    shipmentId: shipmentIdOf(order.orderId),
    orderId: order.orderId,
    customerId: order.customerId,
    version: 1,
  };
  if (!customer)
    return { ...base, status: 'awaiting-address', recipient: null, addressVersion: null };
  if (customer.deleted || !customer.recipient)
    return { ...base, status: 'undeliverable', recipient: null, addressVersion: null };
  return {
    ...base,
    status: 'addressed',
    recipient: customer.recipient,
    addressVersion: customer.version,
  };
}

/**
 * Returns what a newer state of its customer does to a shipment, or undefined when nothing: a
 * waiting shipment is addressed (or becomes undeliverable if the customer was deleted); an
 * addressed one follows a changed name or address; a dispatched, cancelled or undeliverable one,
 * and an addressed one whose customer was deleted (it keeps the address the order was placed
 * with), stay as they are. An older customer version than the shipment's never changes it.
 */
export function followCustomer(
  shipment: ShipmentState,
  customer: CustomerAddress,
): ShipmentChange | undefined {
  const next = { ...shipment, version: shipment.version + 1 };
  if (shipment.status === 'awaiting-address') {
    if (customer.deleted || !customer.recipient)
      return { fact: 'undeliverable', state: { ...next, status: 'undeliverable' } };
    return {
      fact: 'addressed',
      state: {
        ...next,
        status: 'addressed',
        recipient: customer.recipient,
        addressVersion: customer.version,
      },
    };
  }
  if (shipment.status !== 'addressed' || customer.deleted || !customer.recipient) return undefined;
  if (shipment.addressVersion !== null && customer.version <= shipment.addressVersion)
    return undefined;
  if (sameRecipient(shipment.recipient, customer.recipient)) return undefined;
  return {
    fact: 'readdressed',
    state: { ...next, recipient: customer.recipient, addressVersion: customer.version },
  };
}

/**
 * Returns the cancellation of a shipment whose order was cancelled, or, for a shipment already
 * dispatched or cancelled, the status that leaves it as it is.
 */
export function cancelShipment(
  shipment: ShipmentState,
): ShipmentChange | { readonly unchanged: 'dispatched' | 'cancelled' } {
  if (shipment.status === 'dispatched' || shipment.status === 'cancelled')
    return { unchanged: shipment.status };
  return {
    fact: 'cancelled',
    state: { ...shipment, status: 'cancelled', version: shipment.version + 1 },
  };
}

/** Returns the dispatch of an addressed shipment, or why any other shipment cannot be dispatched. */
export function dispatchShipment(shipment: ShipmentState): ShipmentChange | DispatchRefusal {
  const id = shipment.shipmentId;
  switch (shipment.status) {
    case 'addressed':
      return {
        fact: 'dispatched',
        state: { ...shipment, status: 'dispatched', version: shipment.version + 1 },
      };
    case 'awaiting-address':
      return {
        code: ShippingRejections.awaitingAddress,
        reason: `Shipment ${id} has no address yet: its customer is not known to shipping yet; try again later`,
      };
    case 'undeliverable':
      return {
        code: ShippingRejections.undeliverable,
        reason: `Shipment ${id} has no address and never will: its customer was deleted`,
      };
    case 'cancelled':
      return {
        code: ShippingRejections.cancelled,
        reason: `Shipment ${id} was cancelled with its order`,
      };
    case 'dispatched':
      return {
        code: ShippingRejections.alreadyDispatched,
        reason: `Shipment ${id} was already dispatched`,
      };
  }
}

/** Compares field by field: PostgreSQL's jsonb keeps an object's keys in an order of its own. */
function sameRecipient(a: Recipient | null, b: Recipient): boolean {
  if (!a || a.name !== b.name) return false;
  const fields = ['street', 'city', 'postalCode', 'country'] as const;
  return fields.every((field) => a.address[field] === b.address[field]);
}
