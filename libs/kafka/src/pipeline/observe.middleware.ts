import { BatchMiddleware } from './partition-batch';
import { WorkerObserver } from './worker-observer';

/** Times each batch, whatever its fate, for the batch-duration metric. */
export function observeMiddleware(observer: WorkerObserver): BatchMiddleware {
  return (next) => async (batch) => {
    const started = process.hrtime.bigint();
    try {
      await next(batch);
    } finally {
      observer.observeBatch(batch.topic, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
