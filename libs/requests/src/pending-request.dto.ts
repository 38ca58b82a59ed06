import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The 202 body of a request that has no outcome yet (see `pendingResponse`). */
export const pendingRequestSchema = z.object({
  trackingId: z.string(),
  status: z.literal('pending'),
  location: z.string().describe('Where to read the outcome: /requests/<trackingId>'),
});

/** The 202 body of a request that has no outcome yet. */
export class PendingRequestDto extends createZodDto(pendingRequestSchema) {}
