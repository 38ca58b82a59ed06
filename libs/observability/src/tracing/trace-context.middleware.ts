import { Injectable, NestMiddleware } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { runInSpan, startSpan } from './tracer';
import { TraceCarrier } from './trace-headers';

/** The parts of an HTTP request and response the middleware reads (Express's, or any alike). */
interface TracedRequest {
  readonly method: string;
  readonly headers: TraceCarrier;
}
interface TracedResponse {
  readonly statusCode: number;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Runs each HTTP request in a server span that continues the caller's trace (its `traceparent`
 * and `tracestate` headers) or, without a valid one, starts a new trace; every command the
 * request sends carries that trace.
 */
@Injectable()
export class TraceContextMiddleware implements NestMiddleware {
  use(request: TracedRequest, response: TracedResponse, next: () => void): void {
    const span = startSpan(`HTTP ${request.method}`, SpanKind.SERVER, request.headers);
    span.setAttribute('http.request.method', request.method);
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      span.end(response.statusCode >= 500 ? `HTTP ${response.statusCode}` : undefined);
    });
    runInSpan(span, next);
  }
}
