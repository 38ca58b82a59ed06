import { BoundedLabels, OTHER_LABEL } from './bounded-labels';

describe(BoundedLabels.name, () => {
  const catalogue = new Set(['customers.create-customer', 'customers.customer-created']);
  const labels = () => new BoundedLabels(2, (type) => catalogue.has(type));

  it('keeps the known values, however many other values came before', () => {
    const typeLabels = labels();
    for (let i = 0; i < 10; i++) typeLabels.of(`junk-${i}`);

    expect(typeLabels.of('customers.create-customer')).toBe('customers.create-customer');
  });

  it('keeps the first other values up to the limit, and names the rest other', () => {
    const typeLabels = labels();

    expect(['a', 'b', 'c', 'a', 'd'].map((type) => typeLabels.of(type))).toEqual([
      'a',
      'b',
      OTHER_LABEL,
      'a',
      OTHER_LABEL,
    ]);
  });
});
