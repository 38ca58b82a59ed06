import { parsePreferWait } from './prefer-wait';

describe(parsePreferWait.name, () => {
  it('returns the seconds when the header asks to wait', () => {
    expect(parsePreferWait('wait=5', 30)).toBe(5);
    expect(parsePreferWait('respond-async, wait=10', 30)).toBe(10);
    expect(parsePreferWait('WAIT = "7"', 30)).toBe(7);
    expect(parsePreferWait(['handling=lenient', 'wait=2'], 30)).toBe(2);
  });

  it('caps the wait when the client asks for more than the maximum', () => {
    expect(parsePreferWait('wait=600', 30)).toBe(30);
  });

  it('returns undefined when the header is absent or asks nothing readable', () => {
    expect(parsePreferWait(undefined, 30)).toBeUndefined();
    expect(parsePreferWait('respond-async', 30)).toBeUndefined();
    expect(parsePreferWait('wait=-3', 30)).toBeUndefined();
    expect(parsePreferWait('wait=soon', 30)).toBeUndefined();
  });
});
