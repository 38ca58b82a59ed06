import { LogLevel } from '@nestjs/common';

/** Defaults of the observability lib; each option's JSDoc names its default here. */
export const ObservabilityDefaults = {
  /** Lowest level written by `JsonLogger`. */
  logLevel: 'log' as LogLevel,
  /** Time allowed to the outbox backlog callback at scrape time before the metric is left out. */
  outboxBacklogTimeoutMs: 1_000,
  /** Buckets of `batch_duration_seconds`: 1 ms to 10 s. */
  batchDurationBuckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  /** Buckets of `event_end_to_end_latency_seconds`: 5 ms to 10 min (a backlog is drained in minutes). */
  endToEndLatencyBuckets: [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
  ],
  /**
   * Distinct fingerprints `dead_letter_events_by_fingerprint_total` labels per process; dead
   * letters of any further fingerprint count under `other`, so a flood of novel failures cannot
   * grow the series without bound.
   */
  maxDeadLetterFingerprints: 50,
  /** The instrumentation scope name of the spans the libs start. */
  tracerName: '@app/observability',
  /** Buckets of `http_request_duration_seconds`: 5 ms to 10 s. */
  httpDurationBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
} as const;

/** Log levels from the most verbose to the most severe; a minimum level admits those after it. */
export const LOG_LEVEL_ORDER: readonly LogLevel[] = [
  'verbose',
  'debug',
  'log',
  'warn',
  'error',
  'fatal',
];
