import { InboundMessage } from '../broker/inbound-message';
import {
  BatchHandler,
  BatchItem,
  BatchMiddleware,
  composePipeline,
  PartitionBatch,
  sliceBatch,
} from './partition-batch';

function message(offset: number): InboundMessage {
  return {
    topic: 'test-topic',
    partition: 2,
    offset: BigInt(offset),
    timestamp: 0,
    key: null,
    value: null,
    headers: {},
  };
}

/** A batch whose controls count their calls. */
class CountingBatch implements PartitionBatch {
  readonly topic = 'test-topic';
  readonly partition = 2;
  readonly items: BatchItem[] = [0, 1, 2, 3, 4].map((offset) => ({ message: message(offset) }));
  heartbeats = 0;
  active = true;

  heartbeat(): Promise<void> {
    this.heartbeats++;
    return Promise.resolve();
  }

  isActive(): boolean {
    return this.active;
  }
}

/** A middleware that logs when it enters and leaves, around `next`. */
function tracing(name: string, log: string[]): BatchMiddleware {
  return (next) => async (batch) => {
    log.push(`${name}:in`);
    await next(batch);
    log.push(`${name}:out`);
  };
}

describe('partition-batch', () => {
  describe(composePipeline.name, () => {
    it('runs the first middleware outermost and the terminal handler innermost when given several', async () => {
      const log: string[] = [];
      const terminal: BatchHandler = async () => void log.push('terminal');

      await composePipeline(
        [tracing('a', log), tracing('b', log), tracing('c', log)],
        terminal,
      )(new CountingBatch());

      expect(log).toEqual(['a:in', 'b:in', 'c:in', 'terminal', 'c:out', 'b:out', 'a:out']);
    });

    it('lets an outer middleware see what an inner one changed when they share the batch', async () => {
      const batch = new CountingBatch();
      const seenByOuter: string[] = [];
      const outer: BatchMiddleware = (next) => async (b) => {
        await next(b);
        seenByOuter.push(
          ...b.items.filter((item) => item.deadLetter).map((item) => String(item.message.offset)),
        );
      };
      const inner: BatchMiddleware = (next) => async (b) => {
        b.items[3].deadLetter = { error: new Error('bad'), attempts: 1 };
        await next(b);
      };

      await composePipeline([outer, inner], async () => undefined)(batch);

      expect(seenByOuter).toEqual(['3']);
    });

    it('returns the terminal handler itself when there are no middlewares', () => {
      const terminal: BatchHandler = async () => undefined;

      expect(composePipeline([], terminal)).toBe(terminal);
    });

    it('lets a middleware short-circuit the handlers inside it when it does not call next', async () => {
      const terminal = jest.fn<Promise<void>, [PartitionBatch]>(async () => undefined);
      const gate: BatchMiddleware = () => async () => undefined;

      await composePipeline([gate], terminal)(new CountingBatch());

      expect(terminal).not.toHaveBeenCalled();
    });
  });

  describe(sliceBatch.name, () => {
    it('returns the items [start, end) of the same topic and partition when given both bounds', () => {
      const batch = new CountingBatch();

      const slice = sliceBatch(batch, 1, 3);

      expect(slice.topic).toBe('test-topic');
      expect(slice.partition).toBe(2);
      expect(slice.items.map((item) => item.message.offset)).toEqual([1n, 2n]);
    });

    it('returns the items to the end when end is left out', () => {
      expect(sliceBatch(new CountingBatch(), 3).items.map((item) => item.message.offset)).toEqual([
        3n,
        4n,
      ]);
    });

    it('shares the item objects so that a mark set on the slice shows in the parent', () => {
      const batch = new CountingBatch();
      const slice = sliceBatch(batch, 2, 4);

      slice.items[1].deadLetter = { error: new Error('poison'), attempts: 3 };

      expect(slice.items[0]).toBe(batch.items[2]);
      expect(batch.items[3].deadLetter).toEqual({ error: new Error('poison'), attempts: 3 });
    });

    it('forwards heartbeat to the parent when the slice heartbeats', async () => {
      const batch = new CountingBatch();

      await sliceBatch(sliceBatch(batch, 0, 4), 1).heartbeat();

      expect(batch.heartbeats).toBe(1);
    });

    it('reads isActive from the parent at each call when the parent changes later', () => {
      const batch = new CountingBatch();
      const slice = sliceBatch(batch, 0, 2);

      expect(slice.isActive()).toBe(true);
      batch.active = false;
      expect(slice.isActive()).toBe(false);
    });

    it('leaves the parent items in place when sliced', () => {
      const batch = new CountingBatch();

      sliceBatch(batch, 0, 1);

      expect(batch.items).toHaveLength(5);
    });
  });
});
