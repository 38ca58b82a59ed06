import fc from 'fast-check';
import { demandInWindow, demandPrice, windowStart } from './demand-rule';
import { DEFAULT_DEMAND_RULE } from './demand-rule.constants';

/** +5% per 10 units in an hour, between 100% and 200% of the base price. */
const rule = DEFAULT_DEMAND_RULE;

describe('demandPrice', () => {
  it('is the base price when demand is below one step', () => {
    expect(demandPrice(1000, 0, rule)).toBe(1000);
    expect(demandPrice(1000, 9, rule)).toBe(1000);
  });

  it('adds one step at exactly stepUnits units, and the next only at twice as many', () => {
    expect(demandPrice(1000, 10, rule)).toBe(1050);
    expect(demandPrice(1000, 19, rule)).toBe(1050);
    expect(demandPrice(1000, 20, rule)).toBe(1100);
  });

  it('stops at the cap however large the demand', () => {
    expect(demandPrice(1000, 200, rule)).toBe(2000);
    expect(demandPrice(1000, 1_000_000, rule)).toBe(2000);
  });

  it('stops at the floor when steps take away', () => {
    const falling = { ...rule, stepPercent: -25, floorPercent: 60 };
    expect(demandPrice(1000, 10, falling)).toBe(750);
    expect(demandPrice(1000, 20, falling)).toBe(600);
    expect(demandPrice(1000, 1000, falling)).toBe(600);
  });

  it('rounds half a minor unit up and less than half down', () => {
    expect(demandPrice(10, 10, rule)).toBe(11); // 10.5
    expect(demandPrice(9, 10, rule)).toBe(9); // 9.45
    expect(demandPrice(3, 10, { ...rule, stepPercent: 50 })).toBe(5); // 4.5
    expect(demandPrice(1, 10, { ...rule, stepPercent: 49 })).toBe(1); // 1.49
  });

  it('prices a free sku at zero whatever the demand', () => {
    expect(demandPrice(0, 500, rule)).toBe(0);
  });

  it('stays within the rounded floor and cap of the base price, whatever the rule and demand', () => {
    const rules = fc
      .record({
        stepPercent: fc.integer({ min: -100, max: 1000 }).filter((step) => step !== 0),
        stepUnits: fc.integer({ min: 1, max: 1000 }),
        windowSeconds: fc.constant(3600),
        floorPercent: fc.integer({ min: 0, max: 100 }),
        capPercent: fc.integer({ min: 100, max: 1000 }),
      })
      .filter((r) => r.floorPercent <= r.capPercent);
    fc.assert(
      fc.property(
        rules,
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (r, base, demand) => {
          const price = demandPrice(base, demand, r);
          expect(Number.isSafeInteger(price)).toBe(true);
          expect(price).toBeGreaterThanOrEqual(Math.floor((base * r.floorPercent + 50) / 100));
          expect(price).toBeLessThanOrEqual(Math.floor((base * r.capPercent + 50) / 100));
        },
      ),
    );
  });

  it('never lowers the price when demand grows under a rising rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (base, demand, more) =>
          demandPrice(base, demand + more, rule) >= demandPrice(base, demand, rule),
      ),
    );
  });
});

describe('demandInWindow', () => {
  const end = new Date('2026-01-01T12:00:00.000Z');
  const at = (msBeforeEnd: number) => new Date(end.getTime() - msBeforeEnd);

  it('counts an order at the end of the window and one a millisecond after its start', () => {
    const orders = [
      { quantity: 3, orderedAt: end },
      { quantity: 4, orderedAt: at(3600_000 - 1) },
    ];
    expect(demandInWindow(orders, end, rule)).toBe(7);
  });

  it('leaves out an order exactly at the start of the window, and one before it', () => {
    const orders = [
      { quantity: 3, orderedAt: at(3600_000) },
      { quantity: 4, orderedAt: at(3600_001) },
      { quantity: 5, orderedAt: at(0) },
    ];
    expect(demandInWindow(orders, end, rule)).toBe(5);
  });

  it('leaves out an order after the end of the window', () => {
    expect(demandInWindow([{ quantity: 3, orderedAt: at(-1) }], end, rule)).toBe(0);
  });

  it('is the same whatever order the orders come in', () => {
    const orderedUnits = fc.record({
      quantity: fc.integer({ min: 1, max: 10_000 }),
      orderedAt: fc.integer({ min: -7200_000, max: 0 }).map((ms) => at(-ms)),
    });
    fc.assert(
      fc.property(fc.array(orderedUnits), (orders) => {
        const reversed = [...orders].reverse();
        return demandInWindow(orders, end, rule) === demandInWindow(reversed, end, rule);
      }),
    );
  });
});

describe('windowStart', () => {
  it('is windowSeconds before the end', () => {
    expect(windowStart(new Date('2026-01-01T12:00:00.000Z'), rule)).toEqual(
      new Date('2026-01-01T11:00:00.000Z'),
    );
  });
});
