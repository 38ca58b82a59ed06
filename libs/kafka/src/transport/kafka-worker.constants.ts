import { KafkajsDefaults } from '../kafkajs/kafkajs.constants';

/** Defaults of the worker transport, the kafkajs adapter's included; each option's JSDoc names its default here. */
export const WorkerDefaults = {
  ...KafkajsDefaults,
  /** Events per database transaction; a fetched batch is cut into chunks of this size. */
  maxBatchSize: 500,
  /** Time allowed for a graceful stop: finish the batch in hand, publish, commit, leave. */
  shutdownBudgetMs: 20_000,
  /** How long the group remembers an applied event's source and id, to apply a copy of it once (7 days). */
  deduplicationWindowMs: 7 * 24 * 3_600_000,
  /** Partitions of a dead-letter topic. */
  deadLetterPartitions: 1,
  /**
   * Bytes a dead letter may take (key, headers and value); a larger original value is cut to
   * fit, its size and digest in headers. Below the broker's default `message.max.bytes`
   * (1 MiB), which the original may come close to.
   */
  maxDeadLetterBytes: 900_000,
  /** An outbox row older than this means publication is stuck: readiness fails, an error is logged. */
  outboxStuckAfterMs: 60_000,
  /** How often the age of the oldest outbox row is read. */
  outboxCheckIntervalMs: 5_000,
  /** Event types outside the catalogue that get a `type` label of their own in the metrics; later ones are `other`. */
  maxTypeLabels: 50,
  /** How often a worker waiting for another service's topic to exist looks again. */
  ownerTopicPollMs: 2_000,
} as const;
