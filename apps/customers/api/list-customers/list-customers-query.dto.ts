import { storableText } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The query of `GET /customers`: filters, page size and the cursor of the previous page. */
export const listCustomersQuery = z.object({
  email: storableText().max(320).toLowerCase().optional().describe('exact match'),
  name: storableText().min(1).max(200).optional().describe('case-insensitive substring'),
  country: storableText().length(2).toUpperCase().optional().describe('ISO 3166 alpha-2'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('page size'),
  cursor: z.string().optional().describe('the nextCursor of the previous page'),
});

/** The query of `GET /customers`. */
export class ListCustomersQueryDto extends createZodDto(listCustomersQuery) {}
