import { customerStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** One page of `GET /customers`: oldest first, and the cursor of the next page (null at the end). */
export const customersPage = z.object({
  items: z.array(customerStateSchema),
  nextCursor: z.string().nullable(),
});

/** One page of `GET /customers`. */
export class CustomersPageDto extends createZodDto(customersPage) {}
