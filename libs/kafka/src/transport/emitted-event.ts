import {
  createEvent,
  encodeEvent,
  EventDefinition,
  EventEnvelope,
  PayloadOf,
  stableUuid,
} from '@app/events';
import { TraceHeaders } from '@app/observability';
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

/** Who emits an output event: the cause in hand, its place among the cause's emissions, and where. */
export interface Emitter {
  readonly cause: EventEnvelope;
  /** How many events the handling of `cause` emitted before this one. */
  readonly sequence: number;
  readonly scope: HandlerScope;
  /** The `ce_source` of the emitted event. */
  readonly source: string;
  /** The trace context of the span handling `cause`, which the emitted event carries. */
  readonly trace: TraceHeaders;
}

/** An output event and the outbox row that publishes it. */
export interface EmittedEvent<P = unknown> {
  readonly envelope: EventEnvelope<P>;
  readonly record: OutboxRecord;
}

/**
 * Builds the `sequence`-th event emitted because of `cause`: it carries the cause's tracking id
 * (unless `options` names another), as causation the cause's id, the cause's correlation (the
 * request that started the flow; for a cause that names none, its tracking id, else its own id)
 * and the trace context of the span handling the cause; its own id derives from the cause's id
 * and `sequence`, so a re-run emits the same id.
 * @throws SchemaViolationError when the payload does not match the definition's schema.
 */
export function emittedEvent<D extends EventDefinition>(
  emitter: Emitter,
  definition: D,
  payload: PayloadOf<D>,
  options: EmitOptions = {},
): EmittedEvent<PayloadOf<D>> {
  const { cause, sequence, scope, source, trace } = emitter;
  const target = scope.resolve?.(definition) ?? definition;
  const envelope = createEvent(target, payload, {
    source,
    trackingId: options.trackingId ?? cause.trackingId,
    causationId: cause.id,
    correlationId: correlationOf(cause),
    ...trace,
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

/** The trace context `event` carries, for what follows from it when no span of its handling is known. */
export function traceOf(event: EventEnvelope): TraceHeaders {
  return { traceparent: event.traceparent, tracestate: event.tracestate };
}

/** The flow `event` belongs to: its own correlation, else the request it carries, else itself. */
export function correlationOf(event: EventEnvelope): string {
  return event.correlationId ?? event.trackingId ?? event.id;
}
