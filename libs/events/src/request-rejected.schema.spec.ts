import { requestRejectedSchema } from './request-rejected.schema';

describe('requestRejectedSchema', () => {
  describe('safeParse', () => {
    it('accepts a rejection when rejectedType is left out', () => {
      const payload = { trackingId: 't-1', reason: 'email already taken', code: 'conflict' };

      expect(requestRejectedSchema.parse(payload)).toEqual(payload);
    });

    it('rejects a rejection when the tracking id is empty', () => {
      const result = requestRejectedSchema.safeParse({ trackingId: '', reason: 'r', code: 'c' });

      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path)).toEqual([['trackingId']]);
    });
  });
});
