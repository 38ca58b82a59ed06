import { CloudEventHeaders, PriceChanged, SkuPrice, Topics } from '@app/events';
import { pricingService } from '@app/pricing';
import { AppProcess, kcatReadAll, TestDatabase } from '@app/testing';
import { http, HttpReply } from './customers-system';
import { LandscapeSystem } from './landscape-system';
import { OrdersFactsFeed } from './orders-facts-feed';

/** A price change as a reader of `pricing.events` sees it. */
export type PriceChange = SkuPrice & { previousPrice: number | null };

/**
 * The pricing service on the real stack, without orders: its facts come from an
 * `OrdersFactsFeed` on the system's prefixed `orders.events`.
 */
export class PricingSystem {
  readonly landscape = new LandscapeSystem([pricingService]);
  readonly orders = new OrdersFactsFeed(`${this.landscape.topicPrefix}${Topics.orderEvents}`);
  readonly groupId = `${this.landscape.topicPrefix}pricing-worker`;
  api!: AppProcess;

  /** Migrates the schema and creates `orders.events` (as orders' worker would). */
  async setUp(): Promise<void> {
    await this.landscape.setUp();
    await this.orders.open();
  }

  /** Starts the API; the worker is started by the test, when it means to. */
  async startApi(): Promise<void> {
    this.api = await this.landscape.startApi(pricingService);
  }

  async startWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    return this.landscape.startWorker(pricingService, env);
  }

  /** Stops the pricing workers gracefully. */
  async stopWorkers(): Promise<void> {
    await this.landscape.stopWorkers(pricingService);
  }

  /** The pricing schema of this system. */
  get db(): TestDatabase {
    return this.landscape.db(pricingService);
  }

  async tearDown(): Promise<void> {
    await this.orders.close();
    await this.landscape.tearDown();
  }

  /** `PUT /prices/:sku`. */
  async setBasePrice(
    sku: string,
    basePrice: number,
    headers: Record<string, string> = {},
  ): Promise<HttpReply<SkuPrice>> {
    return http<SkuPrice>('PUT', this.url(sku), { basePrice }, headers);
  }

  /** `GET /prices/:sku`. */
  async price(sku: string): Promise<HttpReply<SkuPrice>> {
    return http<SkuPrice>('GET', this.url(sku));
  }

  /** Reads, with kcat, every `PriceChanged` of `sku` on the prefixed `pricing.events`, in order. */
  async priceChanges(sku: string): Promise<PriceChange[]> {
    const records = await kcatReadAll(this.landscape.topicsOf(pricingService).events);
    return records
      .filter((r) => r.headers[CloudEventHeaders.type] === PriceChanged.type && r.key === sku)
      .sort((a, b) => a.offset - b.offset)
      .map((r) => JSON.parse(r.payload ?? 'null') as PriceChange);
  }

  private url(sku: string): string {
    return `${this.api.url}/prices/${encodeURIComponent(sku)}`;
  }
}
