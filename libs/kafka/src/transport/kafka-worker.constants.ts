/** Defaults of the worker transport; each option's JSDoc names its default here. */
export const WorkerDefaults = {
  /** Partitions handled at once by one worker process. */
  partitionsConsumedConcurrently: 4,
  /** Events per database transaction; a fetched batch is cut into chunks of this size. */
  maxBatchSize: 500,
  /** Time allowed for a graceful stop: finish the batch in hand, publish, commit, leave. */
  shutdownBudgetMs: 20_000,
  /** Partitions of a dead-letter topic. */
  deadLetterPartitions: 1,
  /** Where a group with no stored offsets starts. */
  fromBeginning: true,
  /** Time the broker waits for a heartbeat before evicting a member. */
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
} as const;
