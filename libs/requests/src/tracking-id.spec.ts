import { BadRequestException } from '@nestjs/common';
import { requestTracking } from './tracking-id';

describe(requestTracking.name, () => {
  it('gives a request without a key a fresh UUID', () => {
    const tracking = requestTracking(undefined);
    expect(tracking.fresh).toBe(true);
    expect(tracking.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestTracking(undefined).id).not.toBe(tracking.id);
  });

  it('keeps the key as the tracking id when no caller is known (authentication off)', () => {
    expect(requestTracking('order-1')).toEqual({ id: 'order-1', fresh: false });
  });

  it("scopes a caller's key to that caller: the same key of two callers names two requests", () => {
    const ada = requestTracking('order-1', 'ada');
    expect(ada).toEqual({ id: requestTracking('order-1', 'ada').id, fresh: false });
    expect(ada.id).not.toBe(requestTracking('order-1', 'bob').id);
    expect(ada.id).not.toBe('order-1');
  });

  it('refuses a key that is not 1 to 200 visible ASCII characters', () => {
    for (const key of ['', 'with space', 'é', 'x'.repeat(201)])
      expect(() => requestTracking(key, 'ada')).toThrow(BadRequestException);
  });
});
