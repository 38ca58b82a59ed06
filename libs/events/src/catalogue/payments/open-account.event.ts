import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { accountOwnerSchema, currencySchema } from './payment.schema';

/** Command: open an account in one currency for an owner, with a client-chosen id. */
export const OpenAccount = defineEvent({
  type: 'payments.open-account',
  schema: z.object({ accountId: z.uuid(), owner: accountOwnerSchema, currency: currencySchema }),
  topic: Topics.paymentCommands,
  key: (p) => p.accountId.toLowerCase(),
});
