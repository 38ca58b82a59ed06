import { context as contextApi, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ObservabilityDefaults } from '../observability.constants';
import { TracedSpan } from './traced-span';
import { TraceCarrier, traceContextOf, TraceHeaders, traceHeadersOf } from './trace-headers';

/** Settings of `startTracing`. */
export interface TracingOptions {
  /** The `service.name` of the app's spans, such as `orders-worker`. */
  readonly service: string;
  /**
   * The OTLP/HTTP endpoint spans are exported to (`/v1/traces` is appended), as
   * `OTEL_EXPORTER_OTLP_ENDPOINT` gives it. @default none: spans are not exported
   */
  readonly otlpEndpoint?: string;
}

// The SDK's tracer provider is what gives a span fresh ids (the API alone only hands the parent's
// span context on). Without an exporter its spans are dropped when they end: ids, no export.
let provider = new TracerProvider();
const contexts = new AsyncLocalStorageContextManager().enable();

/**
 * Starts the app's tracing: spans named after `service`, exported over OTLP/HTTP when an endpoint
 * is given, and the tracer provider, W3C propagator and context manager registered globally, so
 * that any OpenTelemetry instrumentation in the app joins the same traces. Returns the shutdown,
 * which exports what is still buffered.
 */
export function startTracing(options: TracingOptions): () => Promise<void> {
  const exported = options.otlpEndpoint
    ? [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: tracesUrlOf(options.otlpEndpoint) }),
        }),
      ]
    : [];
  const started = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    spanProcessors: exported,
  });
  provider = started;
  trace.setGlobalTracerProvider(started);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  contextApi.setGlobalContextManager(contexts);
  return async () => {
    // The context manager stays: disabling it would clear the active context of the spans that
    // another app in this process (a test's) has in hand.
    trace.disable();
    propagation.disable();
    if (provider === started) provider = new TracerProvider();
    await started.shutdown();
  };
}

/**
 * Starts a span named `name`, child of `parent`: the trace headers an event or request carries
 * (none or invalid: a new trace), or the active context when `parent` is omitted.
 */
export function startSpan(name: string, kind: SpanKind, parent?: TraceCarrier): TracedSpan {
  const parentContext = parent ? traceContextOf(parent) : contexts.active();
  const span = provider
    .getTracer(ObservabilityDefaults.tracerName)
    .startSpan(name, { kind }, parentContext);
  return new TracedSpan(span, parentContext);
}

/**
 * Runs `work` with `span` active across every await inside it, and ends the span when `work`
 * settles, marked as failed when it throws.
 */
export async function inSpan<T>(span: TracedSpan, work: () => Promise<T>): Promise<T> {
  try {
    const result = await runInSpan(span, work);
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw error;
  }
}

/** Runs `work` with `span` as the active span, across every await inside it. */
export function runInSpan<T>(span: TracedSpan, work: () => T): T {
  return contexts.with(span.context, work);
}

/** Returns the trace headers of the active span (none outside a span). */
export function activeTraceHeaders(): TraceHeaders {
  return traceHeadersOf(contexts.active());
}

/** The OTLP/HTTP traces URL of a base endpoint, as the OpenTelemetry specification builds it. */
function tracesUrlOf(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}
