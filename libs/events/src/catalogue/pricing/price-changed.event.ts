import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { basePriceSchema, priceSchema, skuPriceSchema } from './price.schema';

/**
 * Fact: a sku's current price changed (a base price was set, or demand moved it); carries the
 * price before (none when it had none) and the sku's whole pricing state after.
 */
export const PriceChanged = defineEvent({
  type: 'pricing.price-changed',
  schema: skuPriceSchema.extend({
    price: priceSchema,
    basePrice: basePriceSchema,
    previousPrice: priceSchema.nullable(),
  }),
  topic: Topics.pricingEvents,
  key: (p) => p.sku,
});
