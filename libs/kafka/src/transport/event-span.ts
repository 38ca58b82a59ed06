import { EventEnvelope } from '@app/events';
import { SpanKind, startSpan, TracedSpan } from '@app/observability';
import { traceOf } from './emitted-event';

/**
 * Starts the span of handling `event`: a child of the span that produced it (its
 * `ce_traceparent`), or the root of a new trace for an event that carries none. The events its
 * handlers emit carry this span's trace context.
 */
export function startEventSpan(event: EventEnvelope): TracedSpan {
  const span = startSpan(`process ${event.type}`, SpanKind.CONSUMER, traceOf(event));
  span.setAttribute('cloudevents.event_id', event.id);
  span.setAttribute('cloudevents.event_type', event.type);
  span.setAttribute('cloudevents.event_source', event.source);
  return span;
}
