import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** A tracked request's recorded outcome, as `GET /requests/:trackingId` answers it. */
export const requestOutcomeSchema = z.object({
  trackingId: z.string(),
  status: z.enum(['accepted', 'rejected']),
  eventType: z.string().optional().describe('The type of the command that carried the request'),
  reasonCode: z.string().optional().describe('Why it was rejected, machine-readable'),
  reason: z.string().optional(),
  result: z.unknown().optional().describe('What the handler returned, when accepted'),
  recordedAt: z.iso.datetime().optional(),
});

/** A tracked request's recorded outcome. */
export class RequestOutcomeDto extends createZodDto(requestOutcomeSchema) {}
