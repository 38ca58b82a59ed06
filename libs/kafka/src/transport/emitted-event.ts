import {
  createEvent,
  encodeEvent,
  EventDefinition,
  EventEnvelope,
  PayloadOf,
  stableUuid,
} from '@app/events';
import { OutboxRecord } from '@app/persistence';
import { HandlerScope } from '../pipeline/event-dispatcher';

/** How an event is emitted, when not as its cause's consequence alone. */
export interface EmitOptions {
  /**
   * The tracking id it carries instead of its cause's: a fresh id of the handler's choosing, for a
   * command to another service whose answer the worker waits for (derive it stably from the
   * cause, e.g. with `stableUuid`, so that a re-run emits the same command).
   */
  readonly trackingId?: string;
}

/** An output event and the outbox row that publishes it. */
export interface EmittedEvent<P = unknown> {
  readonly envelope: EventEnvelope<P>;
  readonly record: OutboxRecord;
}

/**
 * Builds the `sequence`-th event emitted because of `cause`: it carries the cause's tracking id
 * (unless `options` names another), as causation the cause's id, and the cause's correlation (the request that started the flow;
 * for a cause that names none, its tracking id, else its own id); its own id derives from the
 * cause's id and `sequence`, so a re-run emits the same id.
 * @throws SchemaViolationError when the payload does not match the definition's schema.
 */
export function emittedEvent<D extends EventDefinition>(
  cause: EventEnvelope,
  sequence: number,
  scope: HandlerScope,
  source: string,
  definition: D,
  payload: PayloadOf<D>,
  options: EmitOptions = {},
): EmittedEvent<PayloadOf<D>> {
  const target = scope.resolve?.(definition) ?? definition;
  const envelope = createEvent(target, payload, {
    source,
    trackingId: options.trackingId ?? cause.trackingId,
    causationId: cause.id,
    correlationId: correlationOf(cause),
    id: stableUuid(`${cause.id}/${sequence}`),
  });
  const encoded = encodeEvent(target, envelope);
  return {
    envelope,
    record: {
      eventId: envelope.id,
      topic: encoded.topic,
      key: encoded.key,
      value: encoded.value,
      headers: encoded.headers,
    },
  };
}

/** The flow `event` belongs to: its own correlation, else the request it carries, else itself. */
export function correlationOf(event: EventEnvelope): string {
  return event.correlationId ?? event.trackingId ?? event.id;
}
