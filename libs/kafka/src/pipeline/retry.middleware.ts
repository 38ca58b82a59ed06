import { BatchAbandonedError } from '../errors/batch-abandoned.error';
import { PositionBeyondLogEndError } from '../errors/position-beyond-log-end.error';
import { EventFailedError } from '../errors/event-failed.error';
import { classifyFailure } from '../errors/failure-kind';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error';
import { BackoffOptions, backoffDelay } from './backoff';
import { BatchMiddleware, PartitionBatch } from './partition-batch';

/** Tunes retries. */
export interface RetryOptions extends BackoffOptions {
  /** Attempts allowed for a failure of unknown kind before its event counts as poison. @default 5 */
  readonly maxAttempts?: number;
  /** Heartbeat period while waiting. @default 3000 */
  readonly heartbeatIntervalMs?: number;
}

/** Reports each retry, for logs and metrics. */
export type RetryListener = (error: unknown, attempt: number, delayMs: number) => void;

/**
 * Retries the batch: transient failures forever with capped exponential backoff (never
 * skipping), unknown ones up to `maxAttempts`. Permanent failures pass straight through.
 * Heartbeats while waiting, and abandons the batch once its partition is no longer ours.
 */
export function retryMiddleware(
  options: RetryOptions = {},
  onRetry: RetryListener = () => undefined,
): BatchMiddleware {
  const maxAttempts = options.maxAttempts ?? 5;
  return (next) => async (batch) => {
    // Transient failures do not use up the attempts an unknown failure is allowed.
    let unknownFailures = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(batch);
      } catch (error) {
        if (error instanceof BatchAbandonedError || error instanceof PositionBeyondLogEndError)
          throw error;
        const kind = classifyFailure(error instanceof EventFailedError ? error.cause : error);
        if (kind === 'permanent') throw error;
        if (kind === 'unknown' && ++unknownFailures >= maxAttempts) {
          throw new RetriesExhaustedError(unknownFailures, error);
        }
        const delay = backoffDelay(attempt, options);
        onRetry(error, attempt, delay);
        await waitAlive(batch, delay, options.heartbeatIntervalMs ?? 3000);
      }
    }
  };
}

async function waitAlive(
  batch: PartitionBatch,
  delayMs: number,
  heartbeatMs: number,
): Promise<void> {
  const until = Date.now() + delayMs;
  for (;;) {
    if (!batch.isActive()) throw new BatchAbandonedError(batch.topic, batch.partition);
    const left = until - Date.now();
    if (left <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, heartbeatMs, 250)));
    // A heartbeat may fail during a rebalance; isActive() tells the outcome on the next turn.
    await batch.heartbeat().catch(() => undefined);
  }
}
