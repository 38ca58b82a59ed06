import { ShipmentState } from '@app/events';
import {
  cancelShipment,
  CustomerAddress,
  dispatchShipment,
  followCustomer,
  newShipment,
  shipmentIdOf,
} from './shipment-rules';
import { ShippingRejections } from './shipping.constants';

const ORDER = {
  orderId: '11111111-1111-4111-8111-111111111111',
  customerId: '22222222-2222-4222-8222-222222222222',
};
const HOME = {
  name: 'Ada',
  address: { street: '1 Main St', city: 'London', postalCode: 'N1', country: 'GB' },
};
const WORK = { ...HOME, address: { ...HOME.address, street: '9 Work Rd' } };

function customer(version: number, recipient = HOME): CustomerAddress {
  return { version, deleted: false, recipient };
}
const TOMBSTONE: CustomerAddress = { version: 9, deleted: true, recipient: null };

function shipment(overrides: Partial<ShipmentState> = {}): ShipmentState {
  return {
    shipmentId: shipmentIdOf(ORDER.orderId),
    ...ORDER,
    status: 'addressed',
    recipient: HOME,
    addressVersion: 2,
    version: 1,
    ...overrides,
  };
}

const WAITING = { status: 'awaiting-address', recipient: null, addressVersion: null } as const;

describe('shipment rules', () => {
  describe(shipmentIdOf.name, () => {
    it('names the same shipment for the same order, whatever its case', () => {
      expect(shipmentIdOf(ORDER.orderId)).toBe(shipmentIdOf(ORDER.orderId.toUpperCase()));
      expect(shipmentIdOf(ORDER.orderId)).not.toBe(shipmentIdOf(ORDER.customerId));
    });
  });

  describe(newShipment.name, () => {
    it('addresses the shipment from the replica when it knows the customer', () => {
      expect(newShipment(ORDER, customer(2))).toEqual(shipment());
    });

    it('leaves the shipment awaiting its address when the replica does not know the customer yet', () => {
      expect(newShipment(ORDER, undefined)).toEqual(shipment(WAITING));
    });

    it('makes the shipment undeliverable when the replica holds the customer’s tombstone', () => {
      expect(newShipment(ORDER, TOMBSTONE)).toEqual(
        shipment({ ...WAITING, status: 'undeliverable' }),
      );
    });
  });

  describe(followCustomer.name, () => {
    it('addresses a waiting shipment with the customer’s state', () => {
      expect(followCustomer(shipment({ ...WAITING, version: 1 }), customer(3, WORK))).toEqual({
        fact: 'addressed',
        state: shipment({ recipient: WORK, addressVersion: 3, version: 2 }),
      });
    });

    it('makes a waiting shipment undeliverable when its customer was deleted', () => {
      expect(followCustomer(shipment(WAITING), TOMBSTONE)).toEqual({
        fact: 'undeliverable',
        state: shipment({ ...WAITING, status: 'undeliverable', version: 2 }),
      });
    });

    it('re-addresses an addressed shipment when a newer version changes the address', () => {
      expect(followCustomer(shipment(), customer(3, WORK))).toEqual({
        fact: 'readdressed',
        state: shipment({ recipient: WORK, addressVersion: 3, version: 2 }),
      });
    });

    it('changes nothing when the newer version keeps the name and address (an email change)', () => {
      expect(followCustomer(shipment(), customer(3, HOME))).toBeUndefined();
      const { country, postalCode, street, city } = HOME.address;
      const stored = { ...HOME, address: { country, postalCode, street, city } };
      expect(followCustomer(shipment({ recipient: stored }), customer(3, HOME))).toBeUndefined();
    });

    it('never goes back to an older address than the one the shipment has', () => {
      expect(followCustomer(shipment({ addressVersion: 4 }), customer(3, WORK))).toBeUndefined();
      expect(followCustomer(shipment(), customer(2, WORK))).toBeUndefined();
    });

    it('keeps the address of an addressed shipment whose customer was deleted', () => {
      expect(followCustomer(shipment(), TOMBSTONE)).toBeUndefined();
    });

    it.each(['dispatched', 'cancelled', 'undeliverable'] as const)(
      'changes nothing once the shipment is %s',
      (status) => {
        expect(followCustomer(shipment({ status }), customer(3, WORK))).toBeUndefined();
      },
    );
  });

  describe(cancelShipment.name, () => {
    it.each(['awaiting-address', 'addressed', 'undeliverable'] as const)(
      'cancels a shipment that is %s',
      (status) => {
        expect(cancelShipment(shipment({ status }))).toEqual({
          fact: 'cancelled',
          state: shipment({ status: 'cancelled', version: 2 }),
        });
      },
    );

    it.each(['dispatched', 'cancelled'] as const)(
      'leaves a shipment that is %s as it is',
      (status) => {
        expect(cancelShipment(shipment({ status }))).toEqual({ unchanged: status });
      },
    );
  });

  describe(dispatchShipment.name, () => {
    it('dispatches an addressed shipment', () => {
      expect(dispatchShipment(shipment())).toEqual({
        fact: 'dispatched',
        state: shipment({ status: 'dispatched', version: 2 }),
      });
    });

    it.each([
      ['awaiting-address', ShippingRejections.awaitingAddress],
      ['undeliverable', ShippingRejections.undeliverable],
      ['cancelled', ShippingRejections.cancelled],
      ['dispatched', ShippingRejections.alreadyDispatched],
    ] as const)('refuses a shipment that is %s, saying why', (status, code) => {
      const refusal = dispatchShipment(shipment({ status }));
      expect(refusal).toEqual({
        code,
        reason: expect.stringContaining(shipmentIdOf(ORDER.orderId)),
      });
    });
  });
});
