import { RequestOutcome } from '@app/persistence';

/** A tracked request a handler answers by its tracking id, other than the one its event carries. */
export interface TrackedRequest {
  readonly trackingId: string;
  /** The type of the event that carried the request, recorded with its outcome. */
  readonly eventType?: string;
}

/** Returns the outcome that answers `request` as accepted, with `result` (JSON). */
export function acceptedOutcome(request: TrackedRequest, result: unknown): RequestOutcome {
  return {
    trackingId: request.trackingId,
    status: 'accepted',
    eventType: request.eventType,
    result,
  };
}

/** Returns the outcome that answers `request` as rejected, saying why. */
export function rejectedOutcome(
  request: TrackedRequest,
  reason: string,
  code = 'rejected',
): RequestOutcome {
  return {
    trackingId: request.trackingId,
    status: 'rejected',
    eventType: request.eventType,
    reasonCode: code,
    reason,
  };
}
