/** Defaults of the kafkajs adapter; each option's JSDoc names its default here. */
export const KafkajsDefaults = {
  /** Partitions handled at once by one worker process. */
  partitionsConsumedConcurrently: 4,
  /** Where a group with no stored offsets starts. */
  fromBeginning: true,
  /** Time the broker waits for a heartbeat before evicting a member. */
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
} as const;
