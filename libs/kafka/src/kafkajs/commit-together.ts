import { EachBatchPayload } from 'kafkajs';
import { groupByTopic, highestPerPartition } from '../broker/partition-offsets';

/** A partition's offset to commit, and the kafkajs call that commits offsets of its group. */
export interface PendingCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly commitOffsets: EachBatchPayload['commitOffsetsIfNecessary'];
}

/** Commits the offsets of several partitions of the group in one request (the highest per partition). */
export async function commitTogether(commits: readonly PendingCommit[]): Promise<void> {
  const highest = highestPerPartition(commits);
  const byTopic = groupByTopic(highest);
  await commits[commits.length - 1].commitOffsets({
    topics: [...byTopic].map(([topic, partitions]) => ({
      topic,
      partitions: partitions.map(({ partition, offset }) => ({
        partition,
        offset: offset.toString(),
      })),
    })),
  });
}
