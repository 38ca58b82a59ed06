import { EachBatchPayload } from 'kafkajs';
import { partitionKey } from '../broker/broker-consumer';

/** A partition's offset to commit, and the kafkajs call that commits offsets of its group. */
export interface PendingCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly commitOffsets: EachBatchPayload['commitOffsetsIfNecessary'];
}

/** Commits the offsets of several partitions of the group in one request (the highest per partition). */
export async function commitTogether(commits: readonly PendingCommit[]): Promise<void> {
  const highest = new Map<string, PendingCommit>();
  for (const commit of commits) {
    const key = partitionKey(commit.topic, commit.partition);
    const seen = highest.get(key);
    if (!seen || seen.offset < commit.offset) highest.set(key, commit);
  }
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of highest.values()) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: offset.toString() }]);
  }
  await commits[commits.length - 1].commitOffsets({
    topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
  });
}
