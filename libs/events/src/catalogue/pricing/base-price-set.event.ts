import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { skuPriceSchema } from './price.schema';

/** Fact: a sku's base price was set; carries the sku's whole pricing state after it. */
export const BasePriceSet = defineEvent({
  type: 'pricing.base-price-set',
  schema: skuPriceSchema,
  topic: Topics.pricingEvents,
  key: (p) => p.sku,
});
