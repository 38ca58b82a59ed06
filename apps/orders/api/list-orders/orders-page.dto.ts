import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { orderStateSchema } from '../order-http';

/** One page of `GET /orders`: oldest first, and the cursor of the next page (null at the end). */
export const ordersPage = z.object({
  items: z.array(orderStateSchema),
  nextCursor: z.string().nullable(),
});

/** One page of `GET /orders`. */
export class OrdersPageDto extends createZodDto(ordersPage) {}
