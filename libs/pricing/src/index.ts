export * from './demand-rule';
export * from './demand-rule.constants';
export * from './price-book.repository';
export * from './pricing.constants';
export * from './pricing.service';
export * from './sku-price.entity';
export * from './migrations/1764600000000-create-prices.migration';
