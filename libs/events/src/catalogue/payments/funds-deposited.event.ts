import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { amountSchema } from './payment.schema';

/** Fact: money came into an account from outside; carries the confirmed balance after it. */
export const FundsDeposited = defineEvent({
  type: 'payments.funds-deposited',
  schema: z.object({
    depositId: z.uuid(),
    accountId: z.uuid(),
    amount: amountSchema,
    balance: z.number().int().nonnegative(),
  }),
  topic: Topics.paymentEvents,
  key: (p) => p.accountId.toLowerCase(),
});
