// Fakes the pipeline's unit specs share.
import { InboundMessage } from '../broker/inbound-message';
import { BatchHandler, BatchItem, PartitionBatch } from './partition-batch';

/** A batch whose controls the test steers and observes. */
export class FakeBatch implements PartitionBatch {
  readonly topic = 'test-topic';
  readonly partition = 3;
  readonly items = [];
  active = true;
  heartbeats = 0;
  failHeartbeat = false;
  onHeartbeat: () => void = () => undefined;

  heartbeat(): Promise<void> {
    this.heartbeats++;
    this.onHeartbeat();
    return this.failHeartbeat
      ? Promise.reject(new Error('rebalance in progress'))
      : Promise.resolve();
  }

  isActive(): boolean {
    return this.active;
  }
}

/** A terminal handler that throws the given failures in turn, then succeeds. */
export function failing(...failures: unknown[]): BatchHandler & { calls: number } {
  const handler = Object.assign(
    async (): Promise<void> => {
      const failure = failures[handler.calls++];
      if (failure !== undefined) throw failure;
    },
    { calls: 0 },
  );
  return handler;
}

/** Returns `count` values made by `make`. */
export function times<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

/** Returns what the promise rejects with. @throws Error when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** A consumed message at `offset` of partition 0 of `test-topic`. */
export function message(offset: number): InboundMessage {
  return {
    topic: 'test-topic',
    partition: 0,
    offset: BigInt(offset),
    timestamp: 0,
    key: `key-${offset}`,
    value: Buffer.from('{}'),
    headers: {},
  };
}

/** A batch of partition 0 holding the messages at `offsets`. */
export function batchOf(offsets: readonly number[]): PartitionBatch {
  return {
    topic: 'test-topic',
    partition: 0,
    items: offsets.map((offset) => ({ message: message(offset) })),
    heartbeat: () => Promise.resolve(),
    isActive: () => true,
  };
}

/** Returns 0 to `count - 1`. */
export function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** Returns the offsets of the items, as numbers. */
export function offsetsOf(items: readonly BatchItem[]): number[] {
  return items.map((item) => Number(item.message.offset));
}
