import { accountStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const minorUnits = z.number().int();

/**
 * An account's two views of its money: confirmed (what completed, like read-committed) and in
 * flight (as if every payment under way completed, like read-uncommitted).
 */
export const accountView = accountStateSchema.extend({
  pendingDebits: minorUnits.describe('payments from it not yet debited'),
  pendingCredits: minorUnits.describe('payments to it not yet credited, and debits being reversed'),
  inFlightBalance: minorUnits.describe('balance + pendingCredits - pendingDebits'),
  availableBalance: minorUnits.describe('balance - pendingDebits: what it can still pay'),
});

export type AccountView = z.output<typeof accountView>;

/** `GET /accounts/:id`. */
export class AccountViewDto extends createZodDto(accountView) {}
