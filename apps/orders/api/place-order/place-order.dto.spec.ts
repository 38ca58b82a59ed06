import { placeOrderInput } from './place-order.dto';

const ITEMS = [{ sku: 'lamp-3', quantity: 1, unitPrice: 4999 }];
const GRACE = {
  name: 'Grace',
  email: 'grace@example.com',
  address: { street: '1 Main St', city: 'Arlington', postalCode: '22201', country: 'us' },
};

describe('placeOrderInput', () => {
  it("keeps the new customer's id the client chose, in the case it was sent", () => {
    const customerId = '7C9E6679-7425-40DE-944B-E07FC1F90AE7';

    const body = placeOrderInput.parse({ newCustomer: { customerId, ...GRACE }, items: ITEMS });

    expect(body.newCustomer).toMatchObject({
      customerId,
      name: 'Grace',
      address: { country: 'US' },
    });
  });

  it('leaves the id out when the client chooses none', () => {
    const body = placeOrderInput.parse({ newCustomer: GRACE, items: ITEMS });

    expect(body.newCustomer).not.toHaveProperty('customerId');
  });

  it("refuses a new customer's id that is not a uuid, naming the field", () => {
    const parsed = placeOrderInput.safeParse({
      newCustomer: { customerId: 'grace', ...GRACE },
      items: ITEMS,
    });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'newCustomer.customerId',
    ]);
  });

  it('still refuses a known customer and a new one together', () => {
    const parsed = placeOrderInput.safeParse({
      customerId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      newCustomer: GRACE,
      items: ITEMS,
    });

    expect(parsed.success).toBe(false);
  });
});
