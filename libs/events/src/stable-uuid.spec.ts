import { stableUuid } from './stable-uuid';

describe(stableUuid.name, () => {
  it('returns the same UUID-shaped id for the same seed and different ids for different seeds', () => {
    expect(stableUuid('a/0')).toBe(stableUuid('a/0'));
    expect(stableUuid('a/0')).not.toBe(stableUuid('a/1'));
    expect(stableUuid('a/0')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
