import { z } from 'zod';
import { currencySchema, paymentFailureSchema } from './payment.schema';

/*
 * The charge of an order, as payments tells orders about it: the customer's account pays the
 * shop's account the order's total when the order is placed, and a cancelled order is refunded.
 * Keyed by the order's id, like the facts of orders, so that the facts about one order stay in
 * order.
 */

/** Names an order's charge: the order, its customer and the amount (minor units; 0 pays nothing). */
export const orderChargeSchema = z.object({
  orderId: z.uuid(),
  customerId: z.uuid(),
  amount: z.number().int().nonnegative(),
});

/** A charge or refund that moved money: the payment that did it and its currency. */
export const orderMoneyMovedSchema = orderChargeSchema.extend({
  paymentId: z.uuid().optional().describe('absent when the amount is 0: no payment was needed'),
  currency: currencySchema.optional(),
});

/** A charge or refund that moved no money, and why. */
export const orderMoneyNotMovedSchema = orderChargeSchema.extend({
  paymentId: z.uuid().optional().describe('absent when no payment could even be requested'),
  failure: paymentFailureSchema,
});

export type OrderCharge = z.output<typeof orderChargeSchema>;
