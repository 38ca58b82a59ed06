/** A topic and how many partitions it must have. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

/** Provisions topics, and checks for those of other owners. */
export interface BrokerAdmin {
  /** Creates missing topics and grows partition counts that are too small; never shrinks or deletes. Idempotent. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Returns those of the topics that do not exist, without creating them. */
  missingTopics(topics: readonly string[]): Promise<string[]>;
  /** Releases the admin connection. */
  close(): Promise<void>;
}
