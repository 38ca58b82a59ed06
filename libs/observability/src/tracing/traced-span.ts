import { Context, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { TraceHeaders, traceHeadersOf } from './trace-headers';

/** A span in progress: the headers of what it produces, the context to run its work in, its end. */
export class TracedSpan {
  /** The trace headers that events and requests produced inside this span carry. */
  readonly headers: TraceHeaders;
  /** The context in which this span is the active one. */
  readonly context: Context;

  constructor(
    private readonly span: Span,
    parent: Context,
  ) {
    this.context = trace.setSpan(parent, span);
    this.headers = traceHeadersOf(this.context);
  }

  /** Ends the span, marked as failed when `error` is given. */
  end(error?: unknown): void {
    if (error !== undefined) {
      this.span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    this.span.end();
  }

  /** Sets an attribute of the span (OpenTelemetry semantic-convention names). */
  setAttribute(name: string, value: string | number | boolean): void {
    this.span.setAttribute(name, value);
  }
}
