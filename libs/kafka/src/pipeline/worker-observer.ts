/** What became of one event in a committed batch. */
export type HandledOutcome =
  'applied' | 'duplicate' | 'skipped' | 'unhandled' | 'dead_lettered' | 'rejected';

/**
 * Receives what the pipeline did, after each commit (rolled-back attempts never count):
 * `MetricsService` from `@app/observability` fits it.
 */
export interface WorkerObserver {
  recordEvent(topic: string, type: string, outcome: HandledOutcome): void;
  /** Counts an event a handler emitted (to the outbox) in a committed batch. */
  recordEmitted(topic: string, type: string): void;
  observeEndToEnd(topic: string, type: string, seconds: number): void;
  /** Counts a dead letter of `topic` with its fingerprint (`dlq_fingerprint`). */
  recordDeadLetter(topic: string, fingerprint: string): void;
  observeBatch(topic: string, seconds: number): void;
  setConsumerLag(topic: string, partition: number, lag: number): void;
  /** Counts an outbox row the broker refused for good, set aside. */
  recordUnpublishable(topic: string, reason: string): void;
  /** Sets the age of the oldest outbox row not yet published (0 when none is). */
  setOutboxOldestAge(seconds: number): void;
}

/** An observer that ignores everything (the default). */
export const silentObserver: WorkerObserver = {
  recordEvent: () => undefined,
  recordEmitted: () => undefined,
  observeEndToEnd: () => undefined,
  recordDeadLetter: () => undefined,
  observeBatch: () => undefined,
  setConsumerLag: () => undefined,
  recordUnpublishable: () => undefined,
  setOutboxOldestAge: () => undefined,
};
