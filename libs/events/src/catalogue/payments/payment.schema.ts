import { z } from 'zod';
import { storableText } from '../../schema/stored-text';

/*
 * Events about an account are keyed by its id in lowercase: one account, one partition, however a
 * producer spells the id, so that every change of its balance is decided there, in order.
 */

/** The largest amount one event moves, in minor units: well inside a JavaScript safe integer. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** An amount of money in minor units (cents, say): a positive integer, never a float. */
export const amountSchema = z.number().int().positive().max(MAX_AMOUNT);

/** An ISO 4217 currency code; an account holds one currency. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. EUR');

/** Who owns an account: a customer id, or a name such as `shop`. */
export const accountOwnerSchema = storableText().trim().min(1).max(100);

/** What a payment is for, as its payer names it (an order id, say); facts about it carry it back. */
export const paymentReferenceSchema = storableText().trim().min(1).max(200);

/** An account as its facts and the API carry it. */
export const accountStateSchema = z.object({
  accountId: z.uuid(),
  owner: accountOwnerSchema,
  currency: currencySchema,
  status: z.enum(['open', 'closed']),
  balance: z.number().int().nonnegative().describe('confirmed balance, minor units'),
});

/** A payment as requested: who pays whom how much, and what for. */
export const paymentRequestSchema = z.object({
  paymentId: z.uuid(),
  from: z.uuid().describe("the payer's account"),
  to: z.uuid().describe("the payee's account"),
  amount: amountSchema,
  reference: paymentReferenceSchema.optional(),
});

/** A payment whose payer was debited: it now has the payer account's currency. */
export const debitedPaymentSchema = paymentRequestSchema.extend({ currency: currencySchema });

/** Why a payment failed: a code from `PaymentFailures` and a sentence. */
export const paymentFailureSchema = z.object({
  code: z.string().min(1),
  reason: z.string(),
});

export type AccountState = z.output<typeof accountStateSchema>;
export type PaymentRequest = z.output<typeof paymentRequestSchema>;
export type DebitedPayment = z.output<typeof debitedPaymentSchema>;
export type PaymentFailure = z.output<typeof paymentFailureSchema>;
