import { TopicSpec } from './broker-admin';

/** The admin requests topic provisioning is made of, in a client's terms. */
export interface TopicRequests {
  listTopics(): Promise<string[]>;
  /** Creates topics; resolves without an error for those another process created first. */
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Returns the partition count of each topic. */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  /** Grows topics to the partition counts of `specs`. */
  growPartitions(specs: readonly TopicSpec[]): Promise<void>;
}

/** Creates missing topics and grows partition counts that are too small; never shrinks or deletes. */
export async function provisionTopics(
  specs: readonly TopicSpec[],
  requests: TopicRequests,
): Promise<void> {
  const existing = new Set(await requests.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) await requests.createTopics(missing);
  const present = specs.filter((spec) => existing.has(spec.topic));
  if (present.length === 0) return;
  const counts = await requests.partitionCounts(present.map((spec) => spec.topic));
  const grow = present.filter((spec) => (counts.get(spec.topic) ?? 0) < spec.partitions);
  if (grow.length > 0) await requests.growPartitions(grow);
}
