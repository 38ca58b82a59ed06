import { CreatePrices1764600000000 } from './migrations/1764600000000-create-prices.migration';

/** The pricing service's own PostgreSQL schema. @default 'pricing' */
export const PRICING_SCHEMA = 'pricing';

/** The pricing service's migrations, run after the worker tables. */
export const pricingMigrations = [CreatePrices1764600000000];
