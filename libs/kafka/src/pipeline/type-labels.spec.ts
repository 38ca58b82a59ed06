import { OTHER_TYPE_LABEL, TypeLabels } from './type-labels';

describe(TypeLabels.name, () => {
  const catalogue = new Set(['customers.create-customer', 'customers.customer-created']);
  const labels = () => new TypeLabels((type) => catalogue.has(type), 2);

  it("keeps the catalogue's types, however many other types came before", () => {
    const typeLabels = labels();
    for (let i = 0; i < 10; i++) typeLabels.of(`junk-${i}`);

    expect(typeLabels.of('customers.create-customer')).toBe('customers.create-customer');
  });

  it('keeps the first types outside the catalogue up to the limit, and names the rest other', () => {
    const typeLabels = labels();

    expect(['a', 'b', 'c', 'a', 'd'].map((type) => typeLabels.of(type))).toEqual([
      'a',
      'b',
      OTHER_TYPE_LABEL,
      'a',
      OTHER_TYPE_LABEL,
    ]);
  });
});
