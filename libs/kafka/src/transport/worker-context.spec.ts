import {
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeaders,
  createEvent,
  defineEvent,
  EventEnvelope,
  SchemaViolationError,
} from '@app/events';
import { OutboxRecord } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { EventRejectedError } from '../errors/event-rejected.error';
import { HandlerScope } from '../pipeline/event-dispatcher';
import { WorkerContext } from './worker-context';

const createCustomer = defineEvent({
  type: 'test.create-customer',
  schema: z.object({ customerId: z.string(), name: z.string() }),
  topic: 'test.commands',
  key: (payload) => payload.customerId,
});
const customerCreated = defineEvent({
  type: 'test.customer-created',
  schema: z.object({ customerId: z.string().min(1), name: z.string() }),
  topic: 'test.events',
  key: (payload) => payload.customerId,
});

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/;

/** Collects what a handler appends to the outbox. */
class RecordingScope implements HandlerScope {
  readonly manager = {} as unknown as EntityManager;
  readonly records: OutboxRecord[] = [];

  append(record: OutboxRecord): void {
    this.records.push(record);
  }
}

function command(id = 'cause-1', tracked = true): EventEnvelope {
  const trackingId = tracked ? 'tracking-1' : undefined;
  return createEvent(
    createCustomer,
    { customerId: 'c-1', name: 'Ada' },
    { source: 'test-api', id, trackingId, time: new Date('2024-01-01T00:00:00Z') },
  );
}

function emitIds(cause: EventEnvelope, count: number): string[] {
  const context = new WorkerContext(cause, new RecordingScope(), 'test-worker');
  return Array.from(
    { length: count },
    (_, index) => context.emit(customerCreated, { customerId: `c-${index}`, name: 'Ada' }).id,
  );
}

describe(WorkerContext.name, () => {
  describe('accessors', () => {
    it('exposes the event, the transaction manager and the tracking id when constructed', () => {
      const cause = command();
      const scope = new RecordingScope();

      const context = new WorkerContext(cause, scope, 'test-worker');

      expect(context.event).toBe(cause);
      expect(context.manager).toBe(scope.manager);
      expect(context.trackingId).toBe('tracking-1');
      expect(context.getArgs()).toEqual([cause, scope, 'test-worker', {}]);
    });

    it('returns no tracking id when the event carries none', () => {
      expect(
        new WorkerContext(command('cause-1', false), new RecordingScope(), 's').trackingId,
      ).toBeUndefined();
    });
  });

  describe('emit', () => {
    it('appends an encoded record with topic, key and CloudEvents headers when the payload is valid', () => {
      const scope = new RecordingScope();
      const context = new WorkerContext(command(), scope, 'test-worker');

      const emitted = context.emit(customerCreated, { customerId: 'c-9', name: 'Grace' });

      expect(scope.records).toHaveLength(1);
      const [record] = scope.records;
      expect(record).toMatchObject({ eventId: emitted.id, topic: 'test.events', key: 'c-9' });
      expect(JSON.parse(String(record.value))).toEqual({ customerId: 'c-9', name: 'Grace' });
      expect(record.headers).toMatchObject({
        [CloudEventHeaders.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
        [CloudEventHeaders.id]: emitted.id,
        [CloudEventHeaders.type]: 'test.customer-created',
        [CloudEventHeaders.source]: 'test-worker',
        [CloudEventHeaders.trackingId]: 'tracking-1',
        [CloudEventHeaders.causationId]: 'cause-1',
        [CloudEventHeaders.dataVersion]: '1',
      });
    });

    it('returns the envelope carrying the tracking id and the cause id as causation id', () => {
      const emitted = new WorkerContext(command(), new RecordingScope(), 'test-worker').emit(
        customerCreated,
        {
          customerId: 'c-9',
          name: 'Grace',
        },
      );

      expect(emitted).toMatchObject({
        type: 'test.customer-created',
        source: 'test-worker',
        trackingId: 'tracking-1',
        causationId: 'cause-1',
        key: 'c-9',
        payload: { customerId: 'c-9', name: 'Grace' },
      });
    });

    it('leaves out the tracking header when the cause has no tracking id', () => {
      const scope = new RecordingScope();

      new WorkerContext(command('cause-1', false), scope, 'w').emit(customerCreated, {
        customerId: 'c-1',
        name: 'Ada',
      });

      expect(scope.records[0].headers).not.toHaveProperty(CloudEventHeaders.trackingId);
      expect(scope.records[0].headers[CloudEventHeaders.causationId]).toBe('cause-1');
    });

    it('carries the trace context of the span handling the cause when it has one', () => {
      const scope = new RecordingScope();
      const trace = {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01',
        tracestate: 'vendor=opaque',
      };

      new WorkerContext(command(), scope, 'w', trace).emit(customerCreated, {
        customerId: 'c-1',
        name: 'Ada',
      });

      expect(scope.records[0].headers).toMatchObject({
        [CloudEventHeaders.traceparent]: trace.traceparent,
        [CloudEventHeaders.tracestate]: 'vendor=opaque',
      });
    });

    it("carries the cause's own trace context when no span of its handling is given", () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const cause = createEvent(
        createCustomer,
        { customerId: 'c-1', name: 'Ada' },
        { source: 'test-api', traceparent },
      );

      const emitted = new WorkerContext(cause, new RecordingScope(), 'w').emit(customerCreated, {
        customerId: 'c-1',
        name: 'Ada',
      });

      expect(emitted.traceparent).toBe(traceparent);
      expect(emitted).not.toHaveProperty('tracestate');
    });

    it("carries the flow's correlation through every hop: the cause's, else its tracking id, else its id", () => {
      const correlated = createEvent(
        createCustomer,
        { customerId: 'c-1', name: 'Ada' },
        {
          source: 'orders-worker',
          id: 'hop-2',
          trackingId: 'fresh-9',
          correlationId: 'order-req-1',
        },
      );
      const emitOf = (cause: EventEnvelope) =>
        new WorkerContext(cause, new RecordingScope(), 'w').emit(customerCreated, {
          customerId: 'c-1',
          name: 'Ada',
        });

      // A hop of a flow keeps its correlation, even under a tracking id of its own.
      expect(emitOf(correlated).correlationId).toBe('order-req-1');
      // A request that named no correlation starts the flow with its tracking id...
      expect(emitOf(command('cause-1', true)).correlationId).toBe('tracking-1');
      // ...and an untracked event (written by hand, say) with its own id.
      const scope = new RecordingScope();
      new WorkerContext(command('cause-7', false), scope, 'w').emit(customerCreated, {
        customerId: 'c-1',
        name: 'Ada',
      });
      expect(scope.records[0].headers[CloudEventHeaders.correlationId]).toBe('cause-7');
    });

    it('appends records in emit order when a handler emits several events', () => {
      const scope = new RecordingScope();
      const context = new WorkerContext(command(), scope, 'w');

      context.emit(customerCreated, { customerId: 'a', name: '1' });
      context.emit(customerCreated, { customerId: 'b', name: '2' });

      expect(scope.records.map((record) => record.key)).toEqual(['a', 'b']);
    });

    it('derives UUID-shaped ids that differ by emit index when a handler emits several events', () => {
      const ids = emitIds(command(), 3);

      for (const id of ids) expect(id).toMatch(UUID_SHAPE);
      expect(new Set(ids).size).toBe(3);
    });

    it('derives the same ids when the same cause is handled again (a retried batch)', () => {
      expect(emitIds(command('cause-1'), 3)).toEqual(emitIds(command('cause-1'), 3));
    });

    it('derives different ids when the causes differ', () => {
      expect(emitIds(command('cause-1'), 1)[0]).not.toBe(emitIds(command('cause-2'), 1)[0]);
    });

    it('throws SchemaViolationError and appends nothing when the payload violates the schema', () => {
      const scope = new RecordingScope();
      const context = new WorkerContext(command(), scope, 'w');

      expect(() => context.emit(customerCreated, { customerId: '', name: 'Ada' })).toThrow(
        SchemaViolationError,
      );
      expect(scope.records).toEqual([]);
    });
  });

  describe('emit with a tracking id of its own', () => {
    it("carries the chosen tracking id, not the cause's, and keeps the cause as causation", () => {
      const scope = new RecordingScope();
      const context = new WorkerContext(command(), scope, 'w');

      const emitted = context.emit(
        customerCreated,
        { customerId: 'c-2', name: 'Grace' },
        { trackingId: 'fresh-1' },
      );

      expect(emitted).toMatchObject({ trackingId: 'fresh-1', causationId: 'cause-1' });
      expect(scope.records[0].headers[CloudEventHeaders.trackingId]).toBe('fresh-1');
    });

    it('derives the same event id as a plain emit of the same cause would (a re-run emits it again)', () => {
      const chosen = new WorkerContext(command(), new RecordingScope(), 'w').emit(
        customerCreated,
        { customerId: 'c-2', name: 'Grace' },
        { trackingId: 'fresh-1' },
      );

      expect(chosen.id).toBe(emitIds(command(), 1)[0]);
    });
  });

  describe('defer, answerRequest and rejectRequest', () => {
    it('settles nothing and answers its own request when the handler calls none of them', () => {
      expect(new WorkerContext(command(), new RecordingScope(), 'w').settling).toEqual({
        deferred: false,
        settled: [],
      });
    });

    it('leaves its own request unanswered and answers others by tracking id, in call order', () => {
      const context = new WorkerContext(command(), new RecordingScope(), 'w');

      context.defer();
      context.answerRequest({ trackingId: 't-1', eventType: 'orders.place-order' }, { n: 1 });
      context.rejectRequest({ trackingId: 't-2' }, 'Email taken', 'email-taken');
      context.rejectRequest({ trackingId: 't-3' }, 'No.');

      expect(context.settling).toEqual({
        deferred: true,
        settled: [
          {
            trackingId: 't-1',
            status: 'accepted',
            eventType: 'orders.place-order',
            result: { n: 1 },
          },
          {
            trackingId: 't-2',
            status: 'rejected',
            eventType: undefined,
            reasonCode: 'email-taken',
            reason: 'Email taken',
          },
          {
            trackingId: 't-3',
            status: 'rejected',
            eventType: undefined,
            reasonCode: 'rejected',
            reason: 'No.',
          },
        ],
      });
    });
  });

  describe('reject', () => {
    it('throws EventRejectedError with the reason and code when a handler refuses the event', () => {
      const context = new WorkerContext(command(), new RecordingScope(), 'w');

      expect(() => context.reject('Email already taken', 'email-taken')).toThrow(
        expect.objectContaining({ message: 'Email already taken', code: 'email-taken' }),
      );
      expect(() => context.reject('Email already taken', 'email-taken')).toThrow(
        EventRejectedError,
      );
    });

    it('uses the code rejected when none is given', () => {
      expect(() => new WorkerContext(command(), new RecordingScope(), 'w').reject('No.')).toThrow(
        expect.objectContaining({ code: 'rejected' }),
      );
    });
  });
});
