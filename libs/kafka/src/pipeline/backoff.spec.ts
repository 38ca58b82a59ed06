import { backoffDelay } from './backoff';

const lowest = (): number => 0;
const highest = (): number => 1;

describe(backoffDelay.name, () => {
  describe('growth', () => {
    it('doubles the ceiling with each attempt when the defaults apply', () => {
      expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, {}, highest))).toEqual([
        100, 200, 400, 800, 1600,
      ]);
    });

    it('grows by the given factor from the given initial delay when both are set', () => {
      const options = { initialDelayMs: 10, factor: 3 };

      expect([1, 2, 3].map((attempt) => backoffDelay(attempt, options, highest))).toEqual([
        10, 30, 90,
      ]);
    });

    it('waits the initial delay when the attempt number is zero or negative', () => {
      expect(backoffDelay(0, { initialDelayMs: 40 }, highest)).toBe(40);
      expect(backoffDelay(-3, { initialDelayMs: 40 }, highest)).toBe(40);
    });
  });

  describe('cap', () => {
    it('never exceeds maxDelayMs when the attempts pile up', () => {
      const options = { initialDelayMs: 100, maxDelayMs: 1000 };

      expect([4, 5, 10, 50].map((attempt) => backoffDelay(attempt, options, highest))).toEqual([
        800, 1000, 1000, 1000,
      ]);
    });

    it('stays at the default cap of 10 s when the exponent overflows', () => {
      expect(backoffDelay(10_000, {}, highest)).toBe(10_000);
      expect(backoffDelay(10_000, {}, lowest)).toBe(5_000);
    });
  });

  describe('jitter', () => {
    it('waits half the ceiling when random returns 0', () => {
      expect(backoffDelay(3, { initialDelayMs: 100 }, lowest)).toBe(200);
    });

    it('waits the full ceiling when random returns 1', () => {
      expect(backoffDelay(3, { initialDelayMs: 100 }, highest)).toBe(400);
    });

    it('waits halfway between the bounds when random returns 0.5', () => {
      expect(backoffDelay(3, { initialDelayMs: 100 }, () => 0.5)).toBe(300);
    });

    it('stays within [ceiling / 2, ceiling] when random is Math.random', () => {
      for (let attempt = 1; attempt <= 12; attempt++) {
        const ceiling = Math.min(2000, 50 * 2 ** (attempt - 1));
        for (let draw = 0; draw < 50; draw++) {
          const delay = backoffDelay(attempt, { initialDelayMs: 50, maxDelayMs: 2000 });
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
        }
      }
    });

    it('spreads the waits of workers retrying together when their random draws differ', () => {
      const draws = [0.1, 0.4, 0.7, 0.95];

      const delays = draws.map((draw) => backoffDelay(2, { initialDelayMs: 1000 }, () => draw));

      expect(new Set(delays).size).toBe(draws.length);
      expect(delays).toEqual([1100, 1400, 1700, 1950]);
    });
  });
});
