import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** One ledger line as the API answers it. */
export const entrySchema = z.object({
  entryId: z.string().describe('ascending per account; the cursor of the next page'),
  kind: z.enum(['deposit', 'debit', 'credit', 'reversal']),
  amount: z.number().int().describe('signed, minor units: negative for a debit'),
  balanceAfter: z.number().int(),
  paymentId: z.uuid().nullable(),
  depositId: z.uuid().nullable(),
  at: z.iso.datetime(),
});

/** One page of `GET /accounts/:id/entries`: oldest first, and the cursor of the next page. */
export const entriesPage = z.object({
  items: z.array(entrySchema),
  nextCursor: z.string().nullable(),
});

/** The query of `GET /accounts/:id/entries`. */
export const listEntriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('page size'),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'must be the nextCursor of the previous page')
    .optional()
    .describe('the nextCursor of the previous page'),
});

/** One page of ledger lines. */
export class EntriesPageDto extends createZodDto(entriesPage) {}

/** The query of `GET /accounts/:id/entries`. */
export class ListEntriesQueryDto extends createZodDto(listEntriesQuery) {}
