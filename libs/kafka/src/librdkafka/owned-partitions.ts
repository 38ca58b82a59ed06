import { TopicAssignment } from '../broker/broker-consumer';

/** One partition of one topic. */
export interface OwnedPartition {
  readonly topic: string;
  readonly partition: number;
}

/** The partitions a member holds, kept across incremental assignments and revocations. */
export class OwnedPartitions {
  private readonly byTopic = new Map<string, Set<number>>();

  /** Adds newly assigned partitions. */
  add(partitions: readonly OwnedPartition[]): void {
    for (const { topic, partition } of partitions) {
      const held = this.byTopic.get(topic) ?? new Set<number>();
      held.add(partition);
      this.byTopic.set(topic, held);
    }
  }

  /** Removes revoked or lost partitions. */
  remove(partitions: readonly OwnedPartition[]): void {
    for (const { topic, partition } of partitions) this.byTopic.get(topic)?.delete(partition);
  }

  /** Returns the held partitions per topic, in partition order. */
  assignment(): TopicAssignment[] {
    return OwnedPartitions.group(
      [...this.byTopic].flatMap(([topic, held]) =>
        [...held].map((partition) => ({ topic, partition })),
      ),
    );
  }

  /** Groups partitions by topic, in partition order; topics with none are left out. */
  static group(partitions: readonly OwnedPartition[]): TopicAssignment[] {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) {
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    }
    return [...byTopic].map(([topic, held]) => ({ topic, partitions: held.sort((a, b) => a - b) }));
  }
}
