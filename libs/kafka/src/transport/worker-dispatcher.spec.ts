import { createEvent, defineEvent, EventEnvelope } from '@app/events';
import { MessageHandler } from '@nestjs/microservices';
import { of } from 'rxjs';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { HandlerScope } from '../pipeline/event-dispatcher';
import { ANY_EVENT_TYPE } from './on-event.decorator';
import { WorkerContext } from './worker-context';
import { HandlerRegistry, WorkerDispatcher } from './worker-dispatcher';

const placeOrder = defineEvent({
  type: 'test.place-order',
  schema: z.object({ orderId: z.string() }),
  topic: 'test.commands',
  key: (p) => p.orderId,
});

const scope: HandlerScope = { manager: {} as EntityManager, append: () => undefined };

/** A registry of one single-event handler for `test.place-order`. */
function registryOf(handle: (ctx: WorkerContext) => unknown): HandlerRegistry {
  const handler = (async (_data: unknown, ctx: WorkerContext) => handle(ctx)) as MessageHandler;
  return {
    getHandlers: () => new Map([[placeOrder.type, handler]]),
    getHandlerByPattern: (pattern) => (pattern === placeOrder.type ? handler : null),
    transformToObservable: (result) => of(result),
  };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CAUSE_SPAN_ID = '00f067aa0ba902b7';

function event(traceparent?: string): EventEnvelope {
  return createEvent(
    placeOrder,
    { orderId: 'o-1' },
    { source: 'test-api', trackingId: 't-1', traceparent },
  );
}

/** Dispatches `cause` to a handler that emits one event, and returns that event. */
async function emittedBecauseOf(cause: EventEnvelope): Promise<EventEnvelope> {
  let emitted: EventEnvelope | undefined;
  const dispatcher = new WorkerDispatcher(
    registryOf((ctx) => (emitted = ctx.emit(placeOrder, { orderId: 'o-2' }))),
    'test-worker',
  );
  await dispatcher.dispatch(cause, scope);
  if (!emitted) throw new Error('the handler emitted nothing');
  return emitted;
}

describe(WorkerDispatcher.name, () => {
  describe('handles', () => {
    it('takes every type when an @OnAnyEvent handler is registered, and only its own without', () => {
      const handler = (async () => 'any') as MessageHandler;
      const withAny = new WorkerDispatcher(
        {
          getHandlers: () => new Map([[ANY_EVENT_TYPE, handler]]),
          getHandlerByPattern: (pattern) => (pattern === ANY_EVENT_TYPE ? handler : null),
          transformToObservable: (result) => of(result),
        },
        'test-worker',
      );
      const without = new WorkerDispatcher(
        registryOf(() => undefined),
        'test-worker',
      );

      expect(withAny.handles('other.anything')).toBe(true);
      expect(without.handles('other.anything')).toBe(false);
      expect(without.handles(placeOrder.type)).toBe(true);
    });
  });

  describe('dispatch', () => {
    it("carries the handler's deferral and the requests it answered into the decision", async () => {
      const dispatcher = new WorkerDispatcher(
        registryOf((ctx) => {
          ctx.defer();
          ctx.answerRequest({ trackingId: 'other-1' }, { ok: true });
          return 'ignored while deferred';
        }),
        'test-worker',
      );

      const decision = await dispatcher.dispatch(event(), scope);

      expect(decision).toMatchObject({
        kind: 'applied',
        deferred: true,
        settled: [{ trackingId: 'other-1', status: 'accepted', result: { ok: true } }],
      });
    });

    it('emits events in the trace of their cause, under the span of its handling', async () => {
      const emitted = await emittedBecauseOf(event(`00-${TRACE_ID}-${CAUSE_SPAN_ID}-01`));

      const [, traceId, spanId, flags] = emitted.traceparent?.split('-') ?? [];
      expect(traceId).toBe(TRACE_ID);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(spanId).not.toBe(CAUSE_SPAN_ID);
      expect(flags).toBe('01');
    });

    it('starts a new trace for what an event without a trace context causes', async () => {
      const [first, second] = await Promise.all([
        emittedBecauseOf(event()),
        emittedBecauseOf(event()),
      ]);

      expect(first.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(first.traceparent?.split('-')[1]).not.toBe(second.traceparent?.split('-')[1]);
    });

    it('drops the requests a handler answered when it then refuses its event', async () => {
      const dispatcher = new WorkerDispatcher(
        registryOf((ctx) => {
          ctx.rejectRequest({ trackingId: 'other-2' }, 'No customer', 'unknown');
          ctx.reject('Refused after all', 'refused', { deadLetter: false });
        }),
        'test-worker',
      );

      const decision = await dispatcher.dispatch(event(), scope);

      expect(decision).toEqual({
        kind: 'rejected',
        error: expect.objectContaining({ code: 'refused' }),
      });
    });
  });
});
