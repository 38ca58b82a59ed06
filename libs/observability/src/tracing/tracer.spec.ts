import { SpanKind } from '@opentelemetry/api';
import { activeTraceHeaders, inSpan, startSpan, startTracing } from './tracer';
import { traceIdOf } from './trace-headers';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const VALID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

function spanIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[2];
}

describe('tracer', () => {
  describe(startSpan, () => {
    it('continues the parent trace under a span id of its own when the carrier names a parent', () => {
      const span = startSpan('process', SpanKind.CONSUMER, { traceparent: TRACEPARENT });
      span.end();

      expect(span.headers.traceparent).toMatch(VALID);
      expect(traceIdOf(span.headers)).toBe(TRACE_ID);
      expect(spanIdOf(span.headers.traceparent)).not.toBe('00f067aa0ba902b7');
    });

    it('keeps the parent tracestate and sampled flag', () => {
      const span = startSpan('process', SpanKind.CONSUMER, {
        traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-00`,
        tracestate: 'vendor=opaque',
      });
      span.end();

      expect(span.headers.traceparent).toMatch(/-00$/);
      expect(span.headers.tracestate).toBe('vendor=opaque');
    });

    it.each([
      ['no traceparent', {}],
      ['an invalid traceparent', { traceparent: '00-xyz-01' }],
    ])('starts a new valid trace when the carrier has %s', (_case, carrier) => {
      const first = startSpan('HTTP POST', SpanKind.SERVER, carrier);
      const second = startSpan('HTTP POST', SpanKind.SERVER, carrier);

      expect(first.headers.traceparent).toMatch(VALID);
      expect(traceIdOf(first.headers)).not.toBe(traceIdOf(second.headers));
    });
  });

  describe(inSpan, () => {
    it('makes the span active across awaits inside the work', async () => {
      const span = startSpan('HTTP POST', SpanKind.SERVER, { traceparent: TRACEPARENT });

      const seen = await inSpan(span, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return { active: activeTraceHeaders(), own: span.headers };
      });

      expect(seen.active).toEqual(seen.own);
      expect(traceIdOf(seen.active)).toBe(TRACE_ID);
    });

    it('starts a child of the active span when given no carrier', async () => {
      const server = startSpan('HTTP POST', SpanKind.SERVER, { traceparent: TRACEPARENT });

      const child = await inSpan(server, async () => startSpan('send', SpanKind.PRODUCER).headers);

      expect(traceIdOf(child)).toBe(TRACE_ID);
    });

    it('rethrows what the work throws, and leaves no span active after it', async () => {
      const failing = inSpan(startSpan('process', SpanKind.CONSUMER, {}), () =>
        Promise.reject(new Error('boom')),
      );

      await expect(failing).rejects.toThrow('boom');
      expect(activeTraceHeaders()).toEqual({});
    });
  });

  describe(startTracing, () => {
    it('names spans after the service and still gives them fresh ids when no endpoint is given', async () => {
      const stop = startTracing({ service: 'test-api' });

      const span = startSpan('HTTP POST', SpanKind.SERVER, {});
      span.end();
      await stop();

      expect(span.headers.traceparent).toMatch(VALID);
    });
  });
});
