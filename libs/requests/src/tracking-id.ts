import { BadRequestException } from '@nestjs/common';
import { stableUuid } from '@app/events';
import { randomUUID } from 'node:crypto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Returns the request's tracking id: the client's `Idempotency-Key` when given (so a retry is
 * the same request), else a new UUID.
 * @throws BadRequestException when the key is not 1 to 200 visible ASCII characters.
 */
export function trackingIdFrom(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters.');
  }
  return idempotencyKey;
}

/**
 * Derives a stable UUID from a tracking id, so that a repeated request names the same new
 * entity (and lands on the same partition) instead of creating another.
 */
export function entityIdFor(trackingId: string, scope: string): string {
  return stableUuid(`${scope}/${trackingId}`);
}
