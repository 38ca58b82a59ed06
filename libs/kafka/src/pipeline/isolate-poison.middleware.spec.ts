import { BatchAbandonedError } from '../errors/batch-abandoned.error';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error';
import { isolatePoisonMiddleware } from './isolate-poison.middleware';
import { batchOf, offsetsOf, range } from './batch-fakes';
import { BatchHandler, PartitionBatch } from './partition-batch';

/** What a terminal handler saw on one call. */
interface Call {
  readonly offsets: number[];
  readonly marked: number[];
  readonly succeeded: boolean;
}

/**
 * A terminal handler that fails (with what `failure` makes) whenever its batch holds the culprit
 * unmarked, as the materializer would, and records every sub-batch it is given.
 */
class CulpritHandler {
  readonly calls: Call[] = [];

  constructor(
    private readonly culprits: readonly number[],
    private readonly failure: (offset: number) => unknown,
  ) {}

  readonly handle: BatchHandler = async (batch) => {
    const offsets = offsetsOf(batch.items);
    const marked = offsetsOf(batch.items.filter((item) => item.deadLetter));
    const culprit = batch.items.find(
      (item) => !item.deadLetter && this.culprits.includes(Number(item.message.offset)),
    );
    this.calls.push({ offsets, marked, succeeded: culprit === undefined });
    if (culprit) throw this.failure(Number(culprit.message.offset));
  };

  successful(): Call[] {
    return this.calls.filter((call) => call.succeeded);
  }
}

function markedOffsets(batch: PartitionBatch): number[] {
  return offsetsOf(batch.items.filter((item) => item.deadLetter));
}

describe(isolatePoisonMiddleware.name, () => {
  describe('a failure that names its event', () => {
    it('marks the named item for the dead-letter topic and runs the batch again when next throws EventFailedError', async () => {
      const cause = new EventRejectedError('email taken', 'email-taken');
      const next = new CulpritHandler([3], (offset) => new EventFailedError(BigInt(offset), cause));
      const batch = batchOf(range(6));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(batch.items[3].deadLetter).toEqual({ error: cause, attempts: 1 });
      expect(markedOffsets(batch)).toEqual([3]);
      expect(next.calls).toEqual([
        { offsets: range(6), marked: [], succeeded: false },
        { offsets: range(6), marked: [3], succeeded: true },
      ]);
    });

    it('marks the item with the attempts of a RetriesExhaustedError when it wraps an EventFailedError', async () => {
      const cause = new Error('handler keeps crashing');
      const next = new CulpritHandler(
        [1],
        (offset) => new RetriesExhaustedError(5, new EventFailedError(BigInt(offset), cause)),
      );
      const batch = batchOf(range(4));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(batch.items[1].deadLetter).toEqual({ error: cause, attempts: 5 });
      expect(markedOffsets(batch)).toEqual([1]);
      expect(next.successful()).toHaveLength(1);
    });

    it('marks each failing item in turn when several events of the batch fail', async () => {
      const next = new CulpritHandler(
        [1, 4],
        (offset) => new EventFailedError(BigInt(offset), new Error('bad')),
      );
      const batch = batchOf(range(6));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(markedOffsets(batch)).toEqual([1, 4]);
      expect(next.calls.map((call) => call.marked)).toEqual([[], [1], [1, 4]]);
    });

    it('rethrows when the named offset is not in the batch', async () => {
      const failure = new EventFailedError(99n, new Error('bad'));
      const next = new CulpritHandler([0], () => failure);
      const batch = batchOf(range(3));

      await expect(isolatePoisonMiddleware()(next.handle)(batch)).rejects.toBe(failure);
      expect(markedOffsets(batch)).toEqual([]);
    });

    it('rethrows instead of looping when the named item already carries a mark', async () => {
      const failure = new EventFailedError(2n, new Error('still failing'));
      const alwaysFailing: BatchHandler = () => Promise.reject(failure);
      const batch = batchOf(range(3));

      await expect(isolatePoisonMiddleware()(alwaysFailing)(batch)).rejects.toBe(failure);
      expect(batch.items[2].deadLetter).toEqual({ error: failure.cause, attempts: 1 });
    });
  });

  describe('a failure that names no event', () => {
    it.each([
      [10, 0],
      [10, 5],
      [10, 9],
      [7, 3],
      [2, 1],
      [33, 17],
    ])('bisects a batch of %i down to the culprit at offset %i alone', async (size, culprit) => {
      const error = new Error('commit failed');
      const next = new CulpritHandler([culprit], () => error);
      const batch = batchOf(range(size));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(markedOffsets(batch)).toEqual([culprit]);
      expect(batch.items[culprit].deadLetter).toEqual({ error, attempts: 1 });
      const successful = next.successful();
      // Every innocent item is handled in exactly one successful call, unmarked.
      for (const offset of range(size).filter((o) => o !== culprit)) {
        expect(successful.filter((call) => call.offsets.includes(offset))).toHaveLength(1);
      }
      expect(successful.flatMap((call) => call.marked)).toEqual([culprit]);
      // The successful sub-batches cover the partition once, in offset order.
      expect(successful.flatMap((call) => call.offsets)).toEqual(range(size));
      // The culprit, once isolated, runs alone (marked) rather than with innocent neighbours.
      expect(successful.find((call) => call.marked.length > 0)?.offsets).toEqual([culprit]);
    });

    it('marks the culprit with the attempts of a RetriesExhaustedError that names no event', async () => {
      const cause = new Error('constraint trigger failed at commit');
      const next = new CulpritHandler([2], () => new RetriesExhaustedError(4, cause));
      const batch = batchOf(range(5));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(batch.items[2].deadLetter).toEqual({ error: cause, attempts: 4 });
      expect(markedOffsets(batch)).toEqual([2]);
    });

    it('isolates two culprits when they sit in different halves', async () => {
      const next = new CulpritHandler([1, 6], () => new Error('commit failed'));
      const batch = batchOf(range(8));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(markedOffsets(batch)).toEqual([1, 6]);
      expect(next.successful().flatMap((call) => call.offsets)).toEqual(range(8));
    });

    it('marks a singleton batch at once without bisecting when its only item fails', async () => {
      const error = new Error('commit failed');
      const next = new CulpritHandler([7], () => error);
      const batch = batchOf([7]);

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(batch.items[0].deadLetter).toEqual({ error, attempts: 1 });
      expect(next.calls.map((call) => call.offsets)).toEqual([[7], [7]]);
    });

    it('rethrows when a singleton fails again after being marked', async () => {
      const error = new Error('the dead-letter write itself fails');
      const calls: number[][] = [];
      const alwaysFailing: BatchHandler = async (batch) => {
        calls.push(offsetsOf(batch.items));
        throw error;
      };
      const batch = batchOf([4]);

      await expect(isolatePoisonMiddleware()(alwaysFailing)(batch)).rejects.toBe(error);
      expect(batch.items[0].deadLetter).toEqual({ error, attempts: 1 });
      expect(calls).toEqual([[4], [4]]);
    });
  });

  describe('other outcomes', () => {
    it('calls next once and marks nothing when the batch succeeds', async () => {
      const next = new CulpritHandler([], () => new Error('never'));
      const batch = batchOf(range(4));

      await isolatePoisonMiddleware()(next.handle)(batch);

      expect(next.calls).toEqual([{ offsets: range(4), marked: [], succeeded: true }]);
      expect(markedOffsets(batch)).toEqual([]);
    });

    it('rethrows a BatchAbandonedError without marking or bisecting when the partition was revoked', async () => {
      const abandoned = new BatchAbandonedError('test-topic', 0);
      let calls = 0;
      const revoked: BatchHandler = async () => {
        calls++;
        throw abandoned;
      };
      const batch = batchOf(range(4));

      await expect(isolatePoisonMiddleware()(revoked)(batch)).rejects.toBe(abandoned);
      expect(calls).toBe(1);
      expect(markedOffsets(batch)).toEqual([]);
    });

    it('rethrows a BatchAbandonedError raised in a sub-batch while bisecting', async () => {
      const abandoned = new BatchAbandonedError('test-topic', 0);
      const seen: number[][] = [];
      const next: BatchHandler = async (batch) => {
        seen.push(offsetsOf(batch.items));
        throw seen.length === 1 ? new Error('commit failed') : abandoned;
      };
      const batch = batchOf(range(4));

      await expect(isolatePoisonMiddleware()(next)(batch)).rejects.toBe(abandoned);
      expect(seen).toEqual([range(4), [0, 1]]);
      expect(markedOffsets(batch)).toEqual([]);
    });
  });
});
