import { KafkajsDefaults } from '../kafkajs/kafkajs.constants';

/** Defaults of the worker transport, the kafkajs adapter's included; each option's JSDoc names its default here. */
export const WorkerDefaults = {
  ...KafkajsDefaults,
  /** Events per database transaction; a fetched batch is cut into chunks of this size. */
  maxBatchSize: 500,
  /** Time allowed for a graceful stop: finish the batch in hand, publish, commit, leave. */
  shutdownBudgetMs: 20_000,
  /** Partitions of a dead-letter topic. */
  deadLetterPartitions: 1,
} as const;
