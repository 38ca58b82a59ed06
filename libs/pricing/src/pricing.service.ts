import { ordersCatalogue, pricingCatalogue, Topics } from '@app/events';
import { defineService } from '@app/service';
import { PRICING_SCHEMA, pricingMigrations } from './pricing.constants';
import { SkuPriceEntity } from './sku-price.entity';

/** The pricing service as its API, worker, migration job and tests see it. */
export const pricingService = defineService({
  name: 'pricing',
  catalogue: pricingCatalogue,
  topics: { commands: Topics.pricingCommands, events: Topics.pricingEvents },
  schema: PRICING_SCHEMA,
  migrations: pricingMigrations,
  entities: [SkuPriceEntity],
  ports: { api: 3400, worker: 3401 },
  consumes: [{ topic: Topics.orderEvents, catalogue: ordersCatalogue }],
});
