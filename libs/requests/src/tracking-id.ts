import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
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
 * same request), else a new UUID. A key names a request of one caller: with `callerSubject` (an
 * authenticated caller), the tracking id is derived from the caller and the key, so that two
 * callers who happen to send the same key make two requests, and neither is answered with the
 * other's outcome.
 * @throws BadRequestException when the key is not 1 to 200 visible ASCII characters.
 */
export function requestTracking(
  idempotencyKey: string | undefined,
  callerSubject?: string,
): RequestTracking {
  if (idempotencyKey === undefined) return { id: randomUUID(), fresh: true };
  if (!TRACKING_ID.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters.');
  }
  if (callerSubject === undefined) return { id: idempotencyKey, fresh: false };
  return { id: stableUuid(`idempotency-key/${callerSubject}/${idempotencyKey}`), fresh: false };
}

/** What `Tracking` reads of a request: its headers and the caller the authentication guard set. */
interface TrackedHttpRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly caller?: { readonly subject: string; readonly anonymous?: boolean };
}

/**
 * The tracking of a command request, for a route: `@Tracking() tracking: RequestTracking`. Its
 * `Idempotency-Key` is scoped to the verified caller (none when authentication is off).
 * Answers 400 for a key that is not 1 to 200 visible ASCII characters.
 */
export const Tracking = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestTracking => {
    const request = context.switchToHttp().getRequest<TrackedHttpRequest>();
    const key = request.headers['idempotency-key'];
    const caller = request.caller;
    return requestTracking(
      Array.isArray(key) ? key[0] : key,
      caller && !caller.anonymous ? caller.subject : undefined,
    );
  },
);

/**
 * Derives a stable UUID from a tracking id, so that a repeated request names the same new
 * entity (and lands on the same partition) instead of creating another.
 */
export function entityIdFor(trackingId: string, scope: string): string {
  return stableUuid(`${scope}/${trackingId}`);
}
