import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { basePriceSchema, skuSchema } from './price.schema';

/** Command: set a sku's base price, from which the demand rule derives its current price. */
export const SetBasePrice = defineEvent({
  type: 'pricing.set-base-price',
  schema: z.object({ sku: skuSchema, basePrice: basePriceSchema }),
  topic: Topics.pricingCommands,
  key: (p) => p.sku, // one sku, one partition, in order
});
