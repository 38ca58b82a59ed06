import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { traceContextOf, traceHeadersOf, traceIdOf } from './trace-headers';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace headers', () => {
  describe(traceContextOf, () => {
    it('reads the remote parent span when the traceparent is valid', () => {
      const parent = trace.getSpanContext(traceContextOf({ traceparent: TRACEPARENT }));

      expect(parent).toMatchObject({
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: 1,
        isRemote: true,
      });
    });

    it.each([
      ['absent', {}],
      ['malformed', { traceparent: 'not-a-traceparent' }],
      ['all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
      ['upper-case hex', { traceparent: TRACEPARENT.toUpperCase() }],
    ])('names no parent when the traceparent is %s', (_case, carrier) => {
      expect(trace.getSpanContext(traceContextOf(carrier))).toBeUndefined();
    });

    it('takes the first value when a header came twice', () => {
      expect(traceIdOf({ traceparent: [TRACEPARENT, 'other'] })).toBe(
        '4bf92f3577b34da6a3ce929d0e0e4736',
      );
    });
  });

  describe(traceHeadersOf, () => {
    it('gives back the same traceparent and tracestate when writing what was read', () => {
      const carrier = { traceparent: TRACEPARENT, tracestate: 'vendor=opaque,other=1' };

      expect(traceHeadersOf(traceContextOf(carrier))).toEqual(carrier);
    });

    it('writes no header when the context holds no span', () => {
      expect(traceHeadersOf(ROOT_CONTEXT)).toEqual({});
    });
  });
});
