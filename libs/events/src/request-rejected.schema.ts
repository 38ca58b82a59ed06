import { z } from 'zod';

/**
 * Validates the payload of a rejection: the answer to a tracked request that could not be
 * handled, published on the service's output topic so the requester is never left waiting.
 */
export const requestRejectedSchema = z.object({
  trackingId: z.string().min(1),
  reason: z.string(),
  code: z.string(),
  rejectedType: z.string().optional(),
});

/** Gives the typed payload of a rejection, inferred from its schema. */
export type RequestRejectedPayload = z.output<typeof requestRejectedSchema>;
