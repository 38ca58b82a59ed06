import { waitFor } from '@app/testing';
import { PricingSystem } from './pricing-system';

const WAIT = { Prefer: 'wait=10' };

/**
 * Pricing plugged in later: orders were placed before any pricing worker existed, and the
 * worker, started afterwards, reads `orders.events` from its beginning (its group has no
 * position yet), so the demand it prices by is the whole window's, not only what came after.
 */
describe('Pricing plugged in after orders were placed (real Kafka and PostgreSQL)', () => {
  const system = new PricingSystem();

  beforeAll(async () => {
    await system.setUp();
    await system.startApi();
  }, 120_000);
  afterAll(() => system.tearDown());

  it('catches up from the beginning of orders.events and prices by all the demand it finds', async () => {
    const placedAt = Date.now();
    for (let i = 0; i < 8; i++)
      await system.orders.placed([{ sku: 'sku-r', quantity: 2 }], new Date(placedAt + i));
    await system.orders.placed([{ sku: 'sku-p', quantity: 10 }], new Date(placedAt));
    await system.orders.placed([{ sku: 'sku-p', quantity: 10 }], new Date(placedAt + 1));
    await system.orders.placed(
      [
        { sku: 'sku-p', quantity: 5 },
        { sku: 'sku-q', quantity: 2 },
      ],
      new Date(placedAt + 2),
    );
    expect((await system.price('sku-p')).status).toBe(404);

    // Two workers share the partitions; orders of one sku on several partitions count each once.
    await Promise.all([system.startWorker(), system.startWorker()]);
    await system.orders.waitUntilRead(system.db);

    expect((await system.price('sku-p')).body).toMatchObject({
      basePrice: null,
      price: null,
      demand: 25,
    });
    expect((await system.price('sku-q')).body).toMatchObject({ demand: 2 });
    expect((await system.price('sku-r')).body).toMatchObject({ demand: 16 });

    // 25 units: two steps of 10, so 2000 × 110%.
    const set = await system.setBasePrice('sku-p', 2000, WAIT);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ basePrice: 2000, price: 2200, demand: 25 });
    expect(await system.priceChanges('sku-p')).toMatchObject([
      { previousPrice: null, price: 2200, demand: 25 },
    ]);

    // And it keeps reading: orders placed now count as well.
    await system.orders.placed([{ sku: 'sku-p', quantity: 5 }], new Date(Date.now()));
    const raised = await waitFor(
      () => system.price('sku-p'),
      (r) => r.body.demand === 30,
      { what: 'the demand of sku-p to reach 30' },
    );
    expect(raised.body.price).toBe(2300);
  });
});
