import {
  Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Describes a span's W3C Trace Context as the two texts that carry it: HTTP headers of these
 * names, and the CloudEvents distributed-tracing extension (`ce_traceparent`, `ce_tracestate`).
 * @see https://www.w3.org/TR/trace-context/
 */
export type TraceHeaders = {
  readonly traceparent?: string;
  readonly tracestate?: string;
};

/** Header values as HTTP servers and event envelopes hand them over. */
export type TraceCarrier = Readonly<Record<string, string | string[] | undefined>>;

// Used directly rather than through the global API, so that the trace context is carried even
// where no OpenTelemetry SDK was registered (unit tests, an app that never started tracing).
const w3c = new W3CTraceContextPropagator();

/** Returns `base` with the remote span that `carrier` names as parent; an invalid `traceparent` counts as none. */
export function traceContextOf(carrier: TraceCarrier, base: Context = ROOT_CONTEXT): Context {
  return w3c.extract(base, carrier, defaultTextMapGetter);
}

/** Returns the trace headers of the span active in `context`; none when it holds no valid span. */
export function traceHeadersOf(context: Context): TraceHeaders {
  const carrier: Record<string, string> = {};
  w3c.inject(context, carrier, defaultTextMapSetter);
  return carrier;
}

/** Returns the trace id of `headers`' traceparent, or undefined when it has no valid one. */
export function traceIdOf(headers: TraceCarrier): string | undefined {
  return trace.getSpanContext(traceContextOf(headers))?.traceId;
}
