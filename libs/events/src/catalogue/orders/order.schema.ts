import { z } from 'zod';
import { storableText } from '../../schema/stored-text';

/** One line of an order: how many units of a sku, at what unit price (minor units, e.g. cents). */
export const orderItemSchema = z.object({
  sku: storableText().trim().min(1).max(64),
  quantity: z.number().int().positive().max(10_000),
  unitPrice: z.number().int().nonnegative().max(100_000_000),
});

/** What an order is once placed: its customer, its lines and their total (minor units). */
export const placedOrderSchema = z.object({
  orderId: z.uuid(),
  customerId: z.uuid(),
  items: z.array(orderItemSchema).min(1).max(100),
  total: z.number().int().nonnegative(),
  version: z.number().int().positive(),
});

/** Names an order at one version, as facts about its life after placing carry it. */
export const orderVersionSchema = z.object({
  orderId: z.uuid(),
  customerId: z.uuid(),
  version: z.number().int().positive(),
});

export type OrderItem = z.output<typeof orderItemSchema>;
export type PlacedOrder = z.output<typeof placedOrderSchema>;
