import { SkuPrice } from '@app/events';
import { pricingService } from '@app/pricing';
import { AppProcess, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { http } from './customers-system';
import { PricingSystem } from './pricing-system';

const WAIT = { Prefer: 'wait=10' };
const HOUR = 3600_000;

/**
 * Pricing on the real stack: base prices set over HTTP, demand from `OrderPlaced` facts on
 * `orders.events` (written as orders' worker writes them), prices moved by the default rule
 * (+5% of the base per 10 units ordered within an hour of event time, capped at 200%), the
 * changes on `pricing.events`, and a replay of `orders.events` that changes nothing.
 */
describe('Pricing: base prices, demand from orders, price changes (real Kafka and PostgreSQL)', () => {
  const system = new PricingSystem();
  const now = Date.now();

  beforeAll(async () => {
    await system.setUp();
    await system.startWorker();
    await system.startApi();
  }, 120_000);
  afterAll(() => system.tearDown());

  async function priceOnceSettled(sku: string, done: (price: SkuPrice) => boolean) {
    const reply = await waitFor(
      () => system.price(sku),
      (r) => r.status === 200 && done(r.body),
      { what: `the price of ${sku}` },
    );
    return reply.body;
  }

  it('sets a base price with Prefer: wait, once per Idempotency-Key', async () => {
    const key = randomUUID();
    const set = await system.setBasePrice('sku-a', 1250, { ...WAIT, 'Idempotency-Key': key });
    expect(set.status).toBe(200);
    expect(set.headers.get('location')).toBe('/prices/sku-a');
    expect(set.body).toMatchObject({ sku: 'sku-a', basePrice: 1250, price: 1250, demand: 0 });

    const again = await system.setBasePrice('sku-a', 1250, { ...WAIT, 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(set.body);
    expect((await system.price('sku-a')).body).toEqual(set.body);
    expect(await system.priceChanges('sku-a')).toMatchObject([
      { previousPrice: null, price: 1250 },
    ]);
  });

  it('sets a base price without waiting: 202, then the outcome at /requests/:id', async () => {
    const accepted = await system.setBasePrice('sku-b', 990);
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location');
    expect(location).toMatch(/^\/requests\/[0-9a-f-]{36}$/);

    const outcome = await waitFor(
      () => http<{ status: string; result: SkuPrice }>('GET', `${system.api.url}${location}`),
      (r) => r.status === 200 && r.body.status !== 'pending',
      { what: 'the outcome of PUT /prices/sku-b' },
    );
    expect(outcome.body.status).toBe('accepted');
    expect(outcome.body.result).toMatchObject({ sku: 'sku-b', basePrice: 990, price: 990 });
    expect((await system.price('sku-b')).body).toMatchObject({ basePrice: 990, price: 990 });
  });

  it('answers 404 for a sku pricing never heard of, and 400 for a bad base price', async () => {
    expect((await system.price('sku-nobody-ordered')).status).toBe(404);
    expect((await system.setBasePrice('sku-a', -1, WAIT)).status).toBe(400);
    expect((await http('PUT', `${system.api.url}/prices/sku-a`, { price: 5 }, WAIT)).status).toBe(
      400,
    );
  });

  it('raises the price by the rule as orders come, and announces each change on pricing.events', async () => {
    await system.setBasePrice('sku-c', 1000, WAIT);
    const placedAt = Date.now(); // after the base price's event time: the window ends at the last order
    // Whatever order the partitions deliver them in, two orders make 12 or 14 units, three make 20.
    await system.orders.placed([{ sku: 'sku-c', quantity: 6 }], new Date(placedAt));
    await system.orders.placed([{ sku: 'sku-c', quantity: 6 }], new Date(placedAt + 1000));
    await system.orders.placed(
      [
        { sku: 'sku-c', quantity: 5 },
        { sku: 'sku-c', quantity: 3 },
        { sku: 'sku-d', quantity: 3 },
      ],
      new Date(placedAt + 2000),
    );

    expect(await priceOnceSettled('sku-c', (p) => p.demand === 20)).toMatchObject({
      basePrice: 1000,
      price: 1100,
      demand: 20,
      asOf: new Date(placedAt + 2000).toISOString(),
    });
    expect((await system.priceChanges('sku-c')).map((c) => [c.previousPrice, c.price])).toEqual([
      [null, 1000],
      [1000, 1050],
      [1050, 1100],
    ]);
  });

  it('counts the demand of a sku ordered before its base price, and prices it once one is set', async () => {
    // sku-d was ordered (3 units) in the previous test.
    expect(await priceOnceSettled('sku-d', (p) => p.demand === 3)).toMatchObject({
      basePrice: null,
      price: null,
    });
    await system.orders.placed([{ sku: 'sku-d', quantity: 9 }], new Date(now + 3000));
    expect(await priceOnceSettled('sku-d', (p) => p.demand === 12)).toMatchObject({
      basePrice: null,
      price: null,
    });
    expect(await system.priceChanges('sku-d')).toEqual([]);

    const set = await system.setBasePrice('sku-d', 333, WAIT);
    // 333 × 105% = 349.65, rounded half up.
    expect(set.body).toMatchObject({ basePrice: 333, price: 350, demand: 12 });
    expect(await system.priceChanges('sku-d')).toMatchObject([
      { previousPrice: null, price: 350, basePrice: 333, demand: 12 },
    ]);
  });

  it('measures the window in event time: an order of long ago counts for nothing, a later one moves the window', async () => {
    await system.setBasePrice('sku-e', 1000, WAIT);
    await system.orders.placed([{ sku: 'sku-e', quantity: 50 }], new Date(now - 2 * HOUR));
    await system.orders.placed([{ sku: 'sku-e', quantity: 10 }], new Date(now + 4000));
    expect(await priceOnceSettled('sku-e', (p) => p.price === 1050)).toMatchObject({
      demand: 10,
    });

    // Two hours later in event time, the 10 units are out of the window.
    await system.orders.placed([{ sku: 'sku-e', quantity: 1 }], new Date(now + 2 * HOUR));
    expect(await priceOnceSettled('sku-e', (p) => p.demand === 1)).toMatchObject({
      price: 1000,
      asOf: new Date(now + 2 * HOUR).toISOString(),
    });
    expect((await system.priceChanges('sku-e')).map((c) => c.price)).toEqual([1000, 1050, 1000]);
  });

  it('changes no price and announces nothing again when orders.events is read again from its beginning', async () => {
    const skus = ['sku-a', 'sku-b', 'sku-c', 'sku-d', 'sku-e'];
    const read = () => Promise.all(skus.map(async (sku) => (await system.price(sku)).body));
    const changes = () => Promise.all(skus.map((sku) => system.priceChanges(sku)));
    await system.orders.waitUntilRead(system.db);
    const before = await read();
    const announced = await changes();

    // An operator rewinds the group in Kafka: the worker resumes from its stored positions.
    await system.stopWorkers();
    await system.orders.rewind(system.groupId);
    await system.startWorker();
    await system.orders.placed([{ sku: 'sku-f', quantity: 1 }], new Date(now + 5000));
    await priceOnceSettled('sku-f', (p) => p.demand === 1);
    expect(await read()).toEqual(before);

    // Then the stored positions too, and the record of processed event ids (as once it has aged
    // out): every order is handled again, and counts once by its order id.
    await system.stopWorkers();
    const db = system.db;
    await db.dataSource.query(`DELETE FROM consumer_offsets WHERE topic = $1`, [
      system.orders.topic,
    ]);
    await db.dataSource.query(`DELETE FROM processed_events`);
    await system.orders.rewind(system.groupId);
    await system.startWorker();
    await system.orders.waitUntilRead(db);

    expect(await read()).toEqual(before);
    expect(await changes()).toEqual(announced);
  });

  it('refuses to start a worker whose demand rule is out of range, naming the variable', async () => {
    const worker = await AppProcess.start('pricing-bad-rule', 'pricing/worker', {
      ...system.landscape.env(pricingService),
      PRICING_CAP_PERCENT: '50',
      PRICING_STEP_UNITS: '0',
    });
    expect((await worker.exited).code).toBe(1);
    expect(worker.output).toContain('pricing-worker failed to start');
    expect(worker.output).toContain('PRICING_CAP_PERCENT');
    expect(worker.output).toContain('PRICING_STEP_UNITS');
  });
});
