import { partitionKey } from './broker-consumer';

/** An offset of one partition of one topic. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** Keeps, of several offsets per partition, the highest one of each: what a commit should carry. */
export function highestPerPartition<T extends PartitionOffset>(offsets: readonly T[]): T[] {
  const highest = new Map<string, T>();
  for (const offset of offsets) {
    const key = partitionKey(offset.topic, offset.partition);
    const seen = highest.get(key);
    if (!seen || seen.offset < offset.offset) highest.set(key, offset);
  }
  return [...highest.values()];
}

/** Groups items by their topic, in first-seen order, keeping their order within each topic. */
export function groupByTopic<T extends { readonly topic: string }>(
  items: readonly T[],
): Map<string, T[]> {
  const byTopic = new Map<string, T[]>();
  for (const item of items) {
    const list = byTopic.get(item.topic);
    if (list) list.push(item);
    else byTopic.set(item.topic, [item]);
  }
  return byTopic;
}
