import { namedQuery } from './named-query';

describe(namedQuery.name, () => {
  it('numbers the placeholders in order of first use when a name appears twice', () => {
    const query = namedQuery(
      'SELECT * FROM t WHERE a = $group AND b = ANY($topics::text[]) AND c = $group',
      { topics: ['x'], group: 'g' },
    );

    expect(query).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = ANY($2::text[]) AND c = $1',
      values: ['g', ['x']],
    });
  });

  it('keeps casts when a placeholder has one', () => {
    expect(namedQuery('SELECT $n::bigint[]', { n: ['2'] }).text).toBe('SELECT $1::bigint[]');
  });

  it('throws when a placeholder has no value', () => {
    expect(() => namedQuery('SELECT $missing', {})).toThrow('$missing');
  });

  it('throws when a value has no placeholder', () => {
    expect(() => namedQuery('SELECT $a', { a: 1, b: 2 })).toThrow('b');
  });
});
