import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { amountSchema } from './payment.schema';

/** Command: bring money into an account from outside, the only way money enters the system. */
export const DepositFunds = defineEvent({
  type: 'payments.deposit-funds',
  schema: z.object({ depositId: z.uuid(), accountId: z.uuid(), amount: amountSchema }),
  topic: Topics.paymentCommands,
  key: (p) => p.accountId.toLowerCase(),
});
