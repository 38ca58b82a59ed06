import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { accountStateSchema } from './payment.schema';

/** Fact: an account was closed; carries the balance it keeps. */
export const AccountClosed = defineEvent({
  type: 'payments.account-closed',
  schema: accountStateSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.accountId.toLowerCase(),
});
