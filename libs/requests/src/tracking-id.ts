import { BadRequestException } from '@nestjs/common';
import { stableUuid } from '@app/events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** What a tracking id can be: a client's Idempotency-Key or a UUID, both visible ASCII. */
const TRACKING_ID = /^[\x21-\x7e]{1,200}$/;

/** Validates a tracking id that a client names, e.g. in `GET /requests/:trackingId`. */
export const trackingIdSchema = z
  .string()
  .regex(TRACKING_ID, { message: 'must be 1 to 200 visible ASCII characters' });

/** How a request is tracked. */
export interface RequestTracking {
  readonly id: string;
  /** True for an id made for this request: nothing can be recorded under it yet. */
  readonly fresh: boolean;
}

/**
 * Returns the request's tracking: the client's `Idempotency-Key` when given (so a retry is the
 * same request), else a new UUID.
 * @throws BadRequestException when the key is not 1 to 200 visible ASCII characters.
 */
export function requestTracking(idempotencyKey: string | undefined): RequestTracking {
  if (idempotencyKey === undefined) return { id: randomUUID(), fresh: true };
  if (!TRACKING_ID.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters.');
  }
  return { id: idempotencyKey, fresh: false };
}

/**
 * Derives a stable UUID from a tracking id, so that a repeated request names the same new
 * entity (and lands on the same partition) instead of creating another.
 */
export function entityIdFor(trackingId: string, scope: string): string {
  return stableUuid(`${scope}/${trackingId}`);
}
