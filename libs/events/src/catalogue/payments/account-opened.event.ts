import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';
import { accountStateSchema } from './payment.schema';

/** Fact: an account was opened, empty. */
export const AccountOpened = defineEvent({
  type: 'payments.account-opened',
  schema: accountStateSchema,
  topic: Topics.paymentEvents,
  key: (p) => p.accountId.toLowerCase(),
});
