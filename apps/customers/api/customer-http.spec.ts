import { PreconditionFailedException } from '@nestjs/common';
import { etagOf, versionFromIfMatch } from './customer-http';

describe(versionFromIfMatch.name, () => {
  it('reads the version when the header is a strong, weak or bare tag', () => {
    expect(versionFromIfMatch('"3"')).toBe(3);
    expect(versionFromIfMatch('W/"12"')).toBe(12);
    expect(versionFromIfMatch(' 7 ')).toBe(7);
    expect(versionFromIfMatch(etagOf(5))).toBe(5);
  });

  it('returns undefined when there is no header or it is *', () => {
    expect(versionFromIfMatch(undefined)).toBeUndefined();
    expect(versionFromIfMatch('*')).toBeUndefined();
  });

  it('answers 412 when the header names no version', () => {
    expect(() => versionFromIfMatch('"abc"')).toThrow(PreconditionFailedException);
  });
});
