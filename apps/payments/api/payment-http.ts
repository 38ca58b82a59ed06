import {
  accountOwnerSchema,
  amountSchema,
  currencySchema,
  paymentReferenceSchema,
} from '@app/events';
import { PaymentRejections } from '@app/payments';
import { z } from 'zod';

/** HTTP status of each refusal of the payments worker. */
export const paymentRejectionStatuses: Readonly<Record<string, number>> = {
  [PaymentRejections.accountExists]: 409,
  [PaymentRejections.accountNotFound]: 404,
  [PaymentRejections.accountClosed]: 409,
  [PaymentRejections.sameAccount]: 422,
  [PaymentRejections.payerNotFound]: 422,
  [PaymentRejections.payerClosed]: 422,
  [PaymentRejections.insufficientFunds]: 422,
  [PaymentRejections.payeeNotFound]: 422,
  [PaymentRejections.payeeClosed]: 422,
  [PaymentRejections.currencyMismatch]: 422,
  [PaymentRejections.amountTooLarge]: 422,
  'schema-violation': 422,
};

/** The body of `POST /accounts`: who owns the account and its currency. */
export const openAccountInput = z
  .object({ owner: accountOwnerSchema, currency: currencySchema })
  .strict();

/** The body of `POST /accounts/:id/deposits`: how much comes in, in minor units. */
export const depositInput = z.object({ amount: amountSchema }).strict();

/** The body of `POST /payments`: who pays whom how much (minor units), and what for. */
export const paymentInput = z
  .object({
    from: z.uuid().describe("the payer's account"),
    to: z.uuid().describe("the payee's account"),
    amount: amountSchema,
    reference: paymentReferenceSchema.optional(),
  })
  .strict();

/** An account id in a path, refused with 400 unless a UUID. */
export const accountIdParam = z.uuid();
