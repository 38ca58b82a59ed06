import { EventError } from '@app/events';
import { isTransientDatabaseError } from '@app/persistence';
import { EventRejectedError } from './event-rejected.error';
import { RecordRefusedError } from './record-refused.error';

/**
 * How the pipeline treats a failure: `transient` is retried forever with backoff, `permanent`
 * is dead-lettered at once, `unknown` is retried a few times and then treated as poison.
 */
export type FailureKind = 'transient' | 'permanent' | 'unknown';

/**
 * Classifies a failure by its class and flags, never by its message text (but for the pg
 * driver's dropped sockets). Broker errors reach here as the adapter mapped them by their
 * error code: records the broker refused for good are permanent.
 */
export function classifyFailure(error: unknown): FailureKind {
  if (
    error instanceof EventRejectedError ||
    error instanceof EventError ||
    error instanceof RecordRefusedError
  )
    return 'permanent';
  if (isTransientDatabaseError(error)) return 'transient';
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    // kafkajs and our own errors carry this flag.
    return (error as { retriable: unknown }).retriable === true ? 'transient' : 'unknown';
  }
  return 'unknown';
}

/** Returns a short, stable code for a failure, written in the dead-letter headers and outcomes. */
export function failureCode(error: unknown): string {
  if (error instanceof EventRejectedError || error instanceof EventError) return error.code;
  return 'handler-failed';
}

/**
 * Returns the reason a requester is told, in outcomes and rejection events. A refusal or an
 * invalid event explains itself; any other failure is the worker's, and its message (a database
 * error, a stack's words) stays in the dead-letter headers and the logs, never in an answer.
 */
export function failureReason(error: unknown): string {
  if (error instanceof EventRejectedError || error instanceof EventError) return error.message;
  return 'The request could not be processed and was set aside for an operator (dead-lettered).';
}
