import { EventEnvelope } from '@app/events';
import { InboundMessage } from '../broker/inbound-message';

/** Why an event is to be dead-lettered instead of handled. */
export interface DeadLetterMark {
  readonly error: unknown;
  readonly attempts: number;
}

/**
 * One event of a batch as it moves through the pipeline: decoded, marked for the dead-letter
 * topic, or a fact of another service that no handler takes (`unhandled`, never decoded).
 */
export interface BatchItem {
  readonly message: InboundMessage;
  envelope?: EventEnvelope;
  deadLetter?: DeadLetterMark;
  unhandled?: boolean;
}

/** A run of consecutive events of one partition, handled in one database transaction. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly items: readonly BatchItem[];
  /** The end of the partition's log (its high watermark) when the batch was fetched, if known. */
  readonly logEnd?: bigint;
  /** Keeps the consumer's group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** Tells whether the batch may still be applied (its partition is still ours and the worker runs). */
  isActive(): boolean;
}

/** Handles a batch: the pipeline's unit of work. */
export type BatchHandler = (batch: PartitionBatch) => Promise<void>;

/** Wraps a handler with one concern (decode, retry, isolate, ...), Watermill-style. */
export type BatchMiddleware = (next: BatchHandler) => BatchHandler;

/** Composes middlewares around a terminal handler; the first middleware is the outermost. */
export function composePipeline(
  middlewares: readonly BatchMiddleware[],
  terminal: BatchHandler,
): BatchHandler {
  return middlewares.reduceRight<BatchHandler>((next, middleware) => middleware(next), terminal);
}

/** Returns the sub-batch of items [start, end), sharing the parent's items and controls. */
export function sliceBatch(batch: PartitionBatch, start: number, end?: number): PartitionBatch {
  return {
    topic: batch.topic,
    partition: batch.partition,
    items: batch.items.slice(start, end),
    logEnd: batch.logEnd,
    heartbeat: () => batch.heartbeat(),
    isActive: () => batch.isActive(),
  };
}
