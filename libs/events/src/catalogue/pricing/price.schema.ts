import { z } from 'zod';
import { orderItemSchema } from '../orders/order.schema';

/** A stock-keeping unit as orders name it. */
export const skuSchema = orderItemSchema.shape.sku;

/** A base price in minor units (e.g. cents), bounded as order lines bound unit prices. */
export const basePriceSchema = z.number().int().nonnegative().max(100_000_000);

/** A current price in minor units: up to the highest cap (1000%) of the highest base price. */
export const priceSchema = z.number().int().nonnegative().max(1_000_000_000);

/**
 * What pricing knows of one sku: its base price (none until one is set), its current price
 * (none without a base), the units ordered in the demand window ending at `asOf`, and a version
 * that grows with every change.
 */
export const skuPriceSchema = z.object({
  sku: skuSchema,
  basePrice: basePriceSchema.nullable(),
  price: priceSchema.nullable(),
  demand: z.number().int().nonnegative(),
  asOf: z.iso.datetime(),
  version: z.number().int().positive(),
});

export type SkuPrice = z.output<typeof skuPriceSchema>;
