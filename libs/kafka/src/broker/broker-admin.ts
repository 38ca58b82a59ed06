/** A topic and how many partitions it must have. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

/** Provisions topics. */
export interface BrokerAdmin {
  /** Creates missing topics and grows partition counts that are too small; never shrinks or deletes. Idempotent. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Releases the admin connection. */
  close(): Promise<void>;
}
