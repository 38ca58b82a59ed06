import { CloudEventHeaders, EventEnvelope, readHeader, readTrackingId } from '@app/events';
import { OutboxRecord, RequestOutcome } from '@app/persistence';
import { InboundMessage } from '../broker/inbound-message';
import { EventRejectedError } from '../errors/event-rejected.error';
import { HandledOutcome } from '../pipeline/worker-observer';

/**
 * What became of one event in a batch transaction. Everything the transaction writes (outbox
 * rows, dead letters, rejection events, outcomes, the new position) and every metric is derived
 * from the fates, in offset order.
 */
export type EventFate =
  /** Below the partition's stored position: applied by an earlier transaction. */
  | { readonly kind: 'already-applied'; readonly message: InboundMessage }
  /** A tracked request that already has an outcome: never run twice. */
  | { readonly kind: 'duplicate'; readonly message: InboundMessage }
  /** No handler takes its type (a fact of another service's topic may not even be decoded). */
  | { readonly kind: 'unhandled'; readonly message: InboundMessage; readonly event?: EventEnvelope }
  /**
   * Handled: its writes stay, its emitted events are published, its request is accepted (unless
   * deferred), and the other requests it settled are answered.
   */
  | {
      readonly kind: 'applied';
      readonly message: InboundMessage;
      readonly event: EventEnvelope;
      readonly records: readonly OutboxRecord[];
      readonly result: unknown;
      readonly deferred?: boolean;
      readonly settled?: readonly RequestOutcome[];
    }
  /** Refused by its handler: its writes are undone, its request is answered with the reason. */
  | {
      readonly kind: 'refused';
      readonly message: InboundMessage;
      readonly event: EventEnvelope;
      readonly reason: EventRejectedError;
    }
  /** Could not be handled for good (undecodable, invalid, or poison): dead-lettered, its request answered. */
  | {
      readonly kind: 'failed';
      readonly message: InboundMessage;
      readonly event?: EventEnvelope;
      readonly error: unknown;
      readonly attempts: number;
    };

/** Tells whether the fate's event goes to the dead-letter topic. */
export function isDeadLettered(fate: EventFate): boolean {
  return fate.kind === 'failed' || (fate.kind === 'refused' && fate.reason.deadLetter);
}

/** Returns what the fate counts as in the events metric. */
export function handledOutcome(fate: EventFate): HandledOutcome {
  switch (fate.kind) {
    case 'already-applied':
      return 'skipped';
    case 'unhandled':
      return 'unhandled';
    case 'duplicate':
      return 'duplicate';
    case 'applied':
      return 'applied';
    default:
      return isDeadLettered(fate) ? 'dead_lettered' : 'rejected';
  }
}

/** Returns the event's type, from its envelope or, when it was not decoded, its header. */
export function typeOfFate(fate: EventFate): string {
  if ('event' in fate && fate.event) return fate.event.type;
  return readHeader(fate.message, CloudEventHeaders.type) ?? 'unknown';
}

/**
 * Returns the tracking id of the worker's own request an event carries, decoded or not: none for
 * an event of another service's topic (`factTopics`), whose tracking ids name the owner's
 * requests. An id that cannot be stored (a NUL in it) names no request that can be answered.
 */
export function requestIdOf(
  message: InboundMessage,
  event: EventEnvelope | undefined,
  factTopics: ReadonlySet<string>,
): string | undefined {
  if (factTopics.has(message.topic)) return undefined;
  return event?.trackingId ?? readTrackingId(message);
}
