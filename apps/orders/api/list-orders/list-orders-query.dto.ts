import { OrderStatuses } from '@app/orders';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The query of `GET /orders`: filters, page size and the cursor of the previous page. */
export const listOrdersQuery = z.object({
  customerId: z.uuid().optional().describe('the orders of one customer'),
  status: z.enum(Object.values(OrderStatuses)).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('page size'),
  cursor: z.string().optional().describe('the nextCursor of the previous page'),
});

/** The query of `GET /orders`. */
export class ListOrdersQueryDto extends createZodDto(listOrdersQuery) {}
