import { scopesOf } from './caller';

describe(scopesOf.name, () => {
  it('reads OAuth 2.0 `scope`, space-separated', () => {
    expect(scopesOf({ scope: 'customers:read  orders:write' })).toEqual(
      new Set(['customers:read', 'orders:write']),
    );
  });

  it('reads `scp` as a list or a string, keeping only strings', () => {
    expect(scopesOf({ scp: ['a', 7, 'b'] })).toEqual(new Set(['a', 'b']));
    expect(scopesOf({ scp: 'a b' })).toEqual(new Set(['a', 'b']));
  });

  it('gives no scope when the token carries none', () => {
    expect(scopesOf({ sub: 'x' })).toEqual(new Set());
  });
});
