/** What became of a tracked request. */
export type RequestOutcomeStatus = 'accepted' | 'rejected';

/** The outcome of one tracked request, as the worker records it and the API reads it. */
export interface RequestOutcome {
  readonly trackingId: string;
  readonly status: RequestOutcomeStatus;
  /** The type of the event that carried the request. */
  readonly eventType?: string;
  /** A stable, machine-readable reason for a rejection. */
  readonly reasonCode?: string;
  readonly reason?: string;
  /** What the handler returned for an accepted request (JSON). */
  readonly result?: unknown;
  readonly recordedAt?: Date;
}
