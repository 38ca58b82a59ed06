import { createEvent, defineEvent, EventEnvelope } from '@app/events';
import { MessageHandler } from '@nestjs/microservices';
import { of } from 'rxjs';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { HandlerScope } from '../pipeline/event-dispatcher';
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

function event(): EventEnvelope {
  return createEvent(placeOrder, { orderId: 'o-1' }, { source: 'test-api', trackingId: 't-1' });
}

describe(WorkerDispatcher.name, () => {
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
