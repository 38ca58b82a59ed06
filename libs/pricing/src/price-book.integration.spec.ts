import { createTestDatabase, TestDatabase } from '@app/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { PriceBook } from './price-book.repository';
import { pricingMigrations } from './pricing.constants';
import { DEFAULT_DEMAND_RULE } from './demand-rule.constants';

/** +5% per 10 units in an hour, between 100% and 200% of the base price. */
const rule = DEFAULT_DEMAND_RULE;
const T0 = new Date('2026-01-01T12:00:00.000Z').getTime();
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** An order of one sku, or a base price set, as the worker handles them. */
type PricingEvent =
  | { kind: 'order'; orderId: string; sku: string; quantity: number; time: Date }
  | { kind: 'base'; sku: string; basePrice: number; time: Date };

describe('PriceBook (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([...pricingMigrations]);
  });
  afterAll(() => db?.drop());
  beforeEach(() => db.dataSource.query(`TRUNCATE sku_prices, sku_orders`));

  async function apply(events: readonly PricingEvent[]): Promise<void> {
    for (const event of events) {
      await db.dataSource.transaction(async (manager) => {
        const book = new PriceBook(manager, rule);
        if (event.kind === 'base') await book.setBasePrice(event.sku, event.basePrice, event.time);
        else await book.recordOrder(event.orderId, [event], event.time);
      });
    }
  }

  async function prices(): Promise<unknown[]> {
    return db.dataSource.query(
      `SELECT sku, base_price, price, demand, as_of FROM sku_prices ORDER BY sku`,
    );
  }

  describe('recordOrder', () => {
    it('counts an order once when it comes again, and announces no change the second time', async () => {
      await apply([{ kind: 'base', sku: 'a', basePrice: 1000, time: at(0) }]);
      const book = new PriceBook(db.dataSource.manager, rule);
      const first = await book.recordOrder(
        '7b1e0c9e-93f4-4b7e-9d0e-2a3f5c6d7e8f',
        [{ sku: 'a', quantity: 10 }],
        at(1),
      );
      const again = await book.recordOrder(
        '7b1e0c9e-93f4-4b7e-9d0e-2a3f5c6d7e8f',
        [{ sku: 'a', quantity: 10 }],
        at(1),
      );
      expect(first.map((r) => [r.previousPrice, r.state.price])).toEqual([[1000, 1050]]);
      expect(again).toEqual([]);
      expect(await prices()).toMatchObject([{ demand: 10, price: 1050 }]);
    });

    it('sums the lines of one sku and reprices each sku of the order', async () => {
      const book = new PriceBook(db.dataSource.manager, rule);
      const repricings = await book.recordOrder(
        randomUUID(),
        [
          { sku: 'b', quantity: 4 },
          { sku: 'a', quantity: 3 },
          { sku: 'b', quantity: 6 },
        ],
        at(0),
      );
      expect(repricings.map((r) => [r.state.sku, r.state.demand, r.state.price])).toEqual([
        ['a', 3, null],
        ['b', 10, null],
      ]);
    });

    it('counts nothing of an order at or before the start of its sku window', async () => {
      await apply([{ kind: 'base', sku: 'a', basePrice: 1000, time: at(3600) }]);
      const book = new PriceBook(db.dataSource.manager, rule);
      expect(await book.recordOrder(randomUUID(), [{ sku: 'a', quantity: 50 }], at(0))).toEqual([]);
      expect(
        await book.recordOrder(randomUUID(), [{ sku: 'a', quantity: 10 }], at(0.001)),
      ).toHaveLength(1);
      expect(await prices()).toMatchObject([{ demand: 10, price: 1050 }]);
    });
  });

  it('ends in the same prices whatever order the orders come in', async () => {
    const order = fc.record({
      kind: fc.constant('order' as const),
      orderId: fc.uuid(),
      sku: fc.constantFrom('a', 'b'),
      quantity: fc.integer({ min: 1, max: 15 }),
      time: fc.integer({ min: 0, max: 3 * 3600 }).map(at),
    });
    const base = fc.record({
      kind: fc.constant('base' as const),
      sku: fc.constantFrom('a', 'b'),
      basePrice: fc.integer({ min: 0, max: 5000 }),
      time: fc.integer({ min: 0, max: 3 * 3600 }).map(at),
    });
    const history = fc
      .tuple(fc.uniqueArray(order, { selector: (o) => o.orderId, maxLength: 12 }), base)
      .chain(([orders, price]) =>
        fc.tuple(
          fc.constant([price, ...orders] as PricingEvent[]),
          fc.shuffledSubarray([price, ...orders] as PricingEvent[], {
            minLength: orders.length + 1,
          }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(history, async ([inOrder, shuffled]) => {
        await db.dataSource.query(`TRUNCATE sku_prices, sku_orders`);
        await apply(inOrder);
        const expected = await prices();
        await db.dataSource.query(`TRUNCATE sku_prices, sku_orders`);
        await apply(shuffled);
        expect(await prices()).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
