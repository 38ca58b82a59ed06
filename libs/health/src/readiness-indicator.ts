/** What one readiness indicator found. */
export interface ReadinessStatus {
  /** Whether the dependency can serve this process now. */
  readonly up: boolean;
  /** Shown under the indicator's name in the readiness body (`status` is reserved). */
  readonly details?: Record<string, unknown>;
}

/**
 * One dependency `/health/ready` checks: the worker supplies one for its consumer group
 * membership and one for its producer, the API one for its producer.
 */
export interface ReadinessIndicator {
  /** The key in the readiness body, unique per app (`database` is taken). */
  readonly name: string;
  /** Returns whether the dependency is usable; a rejection or a timeout counts as down. */
  check(): Promise<ReadinessStatus>;
}
