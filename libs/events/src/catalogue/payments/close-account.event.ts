import { z } from 'zod';
import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics.constants';

/** Command: close an account; its balance stays, and it neither pays nor is paid again. */
export const CloseAccount = defineEvent({
  type: 'payments.close-account',
  schema: z.object({ accountId: z.uuid() }),
  topic: Topics.paymentCommands,
  key: (p) => p.accountId.toLowerCase(),
});
