/**
 * How many copies of each partition a topic keeps, and how many must have a record before a
 * producer with acks=all is answered (with 3 and 2, one broker may be lost without losing an
 * acknowledged record nor refusing writes). Absent values take the brokers' defaults
 * (`default.replication.factor`, `min.insync.replicas`).
 */
export interface TopicReplication {
  readonly factor?: number;
  readonly minInsyncReplicas?: number;
}

/** A topic and how many partitions it must have; its replication applies when it is created. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly replication?: TopicReplication;
}

/** Provisions topics, and checks for those of other owners. */
export interface BrokerAdmin {
  /** Creates missing topics and grows partition counts that are too small; never shrinks or deletes. Idempotent. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Returns the end of a partition's log now (its high watermark: the offset of the next record). */
  logEnd(topic: string, partition: number): Promise<bigint>;
  /** Returns those of the topics that do not exist, without creating them. */
  missingTopics(topics: readonly string[]): Promise<string[]>;
  /** Releases the admin connection. */
  close(): Promise<void>;
}
