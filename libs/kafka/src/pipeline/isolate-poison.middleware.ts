import { BatchAbandonedError } from '../errors/batch-abandoned.error';
import { PositionBeyondLogEndError } from '../errors/position-beyond-log-end.error';
import { EventFailedError } from '../errors/event-failed.error';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error';
import { BatchHandler, BatchMiddleware, PartitionBatch, sliceBatch } from './partition-batch';

/**
 * Keeps one bad event from stalling its partition. A permanent or exhausted failure that names
 * its event marks that event for the dead-letter topic and the batch runs again without it; a
 * failure that names no event (at commit, say) is found by bisecting the batch.
 */
export function isolatePoisonMiddleware(): BatchMiddleware {
  return (next) => {
    const handle: BatchHandler = async (batch: PartitionBatch) => {
      for (;;) {
        try {
          return await next(batch);
        } catch (error) {
          if (error instanceof BatchAbandonedError || error instanceof PositionBeyondLogEndError)
            throw error;
          const attempts = error instanceof RetriesExhaustedError ? error.attempts : 1;
          const failure = error instanceof RetriesExhaustedError ? error.cause : error;
          if (failure instanceof EventFailedError) {
            const item = batch.items.find(
              (candidate) => candidate.message.offset === failure.offset,
            );
            if (!item || item.deadLetter) throw error;
            item.deadLetter = { error: failure.cause, attempts };
            continue;
          }
          if (batch.items.length === 1) {
            if (batch.items[0].deadLetter) throw error;
            batch.items[0].deadLetter = { error: failure, attempts };
            continue;
          }
          const middle = Math.ceil(batch.items.length / 2);
          await handle(sliceBatch(batch, 0, middle));
          await handle(sliceBatch(batch, middle));
          return;
        }
      }
    };
    return handle;
  };
}
