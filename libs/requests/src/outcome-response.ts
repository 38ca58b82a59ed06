import { RequestOutcome } from '@app/persistence';

/** What an API answers for a request: status, headers and body. */
export interface OutcomeResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** Describes how an accepted outcome is answered by one endpoint. */
export interface AcceptedResponse {
  /** @default 200 */
  readonly status?: number;
  /** A `Location` for the affected resource, from the handler's result. */
  readonly location?: (result: unknown) => string | undefined;
  /** More headers from the handler's result (an ETag, say). */
  readonly headers?: (result: unknown) => Record<string, string>;
}

/** Answers a request that has no outcome yet: 202 with where to look. */
export function pendingResponse(trackingId: string): OutcomeResponse {
  const location = `/requests/${encodeURIComponent(trackingId)}`;
  return {
    status: 202,
    headers: { Location: location },
    body: { trackingId, status: 'pending', location },
  };
}

/**
 * Statuses of the refusals every service's worker may write: `not-owner` is a caller acting for
 * a customer who does not own what it would change (see `WorkerContext.requireOwner`).
 */
const COMMON_REJECTION_STATUSES: Readonly<Record<string, number>> = { 'not-owner': 403 };

/** Turns a recorded outcome into a response: the handler's result when accepted, the reason when rejected. */
export function outcomeResponse(
  outcome: RequestOutcome,
  accepted: AcceptedResponse,
  rejectionStatuses: Readonly<Record<string, number>>,
): OutcomeResponse {
  if (outcome.status === 'accepted') {
    const location = accepted.location?.(outcome.result);
    return {
      status: accepted.status ?? 200,
      headers: {
        ...accepted.headers?.(outcome.result),
        ...(location ? { Location: location } : {}),
      },
      body: outcome.result ?? null,
    };
  }
  const code = outcome.reasonCode ?? 'rejected';
  return {
    status: rejectionStatuses[code] ?? COMMON_REJECTION_STATUSES[code] ?? 422,
    headers: {},
    body: { trackingId: outcome.trackingId, status: 'rejected', code, reason: outcome.reason },
  };
}
