import { ForbiddenException } from '@nestjs/common';
import { ANONYMOUS, Caller, customerOf } from './caller';
import { onBehalfOf, reachOf, reaches } from './reach';

const ADA = '6f1c2a4e-1b2c-4d3e-8f40-0000000000a1';

function caller(scopes: string[], customerId?: string): Caller {
  return { subject: 'someone', scopes: new Set(scopes), ...(customerId && { customerId }) };
}

describe(reachOf.name, () => {
  it("gives a caller acting for a customer that customer's resources only, whatever the spelling", () => {
    const reach = reachOf(caller(['orders:read'], ADA.toUpperCase()), 'orders');
    expect(reach).toEqual({ everyOwner: false, customerId: ADA });
    expect(reaches(reach, ADA)).toBe(true);
    expect(reaches(reach, '6f1c2a4e-1b2c-4d3e-8f40-0000000000b2')).toBe(false);
    expect(reaches(reach, null)).toBe(false);
    expect(onBehalfOf(reach)).toBe(ADA);
  });

  it("gives every owner's resources to `<service>:any` (even acting for a customer) and with authentication off", () => {
    for (const reach of [
      reachOf(caller(['orders:read', 'orders:any'], ADA), 'orders'),
      reachOf(ANONYMOUS, 'orders'),
    ]) {
      expect(reach).toEqual({ everyOwner: true });
      expect(reaches(reach, 'anyone')).toBe(true);
      expect(onBehalfOf(reach)).toBeUndefined();
    }
  });

  it('refuses (403) a caller that acts for no customer and lacks `<service>:any`', () => {
    expect(() => reachOf(caller(['orders:read', 'payments:any']), 'orders')).toThrow(
      new ForbiddenException('The caller acts for no customer and lacks the scope orders:any'),
    );
  });
});

describe(customerOf.name, () => {
  it('reads a non-empty string claim, and nothing else', () => {
    expect(customerOf({ customer_id: ` ${ADA} ` }, 'customer_id')).toBe(ADA);
    expect(customerOf({ customer_id: '' }, 'customer_id')).toBeUndefined();
    expect(customerOf({ customer_id: 42 }, 'customer_id')).toBeUndefined();
    expect(customerOf({ cid: ADA }, 'customer_id')).toBeUndefined();
  });
});
