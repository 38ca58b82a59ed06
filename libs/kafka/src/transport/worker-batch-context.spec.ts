import { CloudEventHeaders, createEvent, defineEvent, EventEnvelope } from '@app/events';
import { OutboxRecord } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { EventRejectedError } from '../errors/event-rejected.error';
import { HandlerScope } from '../pipeline/event-dispatcher';
import { WorkerBatchContext } from './worker-batch-context';
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

/** Collects what a context appends to the outbox directly (a batch context appends nothing). */
class RecordingScope implements HandlerScope {
  readonly manager = {} as unknown as EntityManager;
  readonly records: OutboxRecord[] = [];

  append(record: OutboxRecord): void {
    this.records.push(record);
  }
}

function command(n: number): EventEnvelope {
  return createEvent(
    createCustomer,
    { customerId: `c-${n}`, name: `Customer ${n}` },
    { source: 'test-api', id: `cause-${n}`, trackingId: `tracking-${n}` },
  );
}

describe(WorkerBatchContext.name, () => {
  it('exposes the events in order and the transaction manager when constructed', () => {
    const events = [command(1), command(2)];
    const scope = new RecordingScope();

    const context = new WorkerBatchContext(events, scope, 'w');

    expect(context.events).toBe(events);
    expect(context.manager).toBe(scope.manager);
  });

  it("emits each cause's events in the trace of that cause's handling span", () => {
    const [first, second] = [command(1), command(2)];
    const traceparentOf = (n: number) => `00-${String(n).repeat(32)}-${String(n).repeat(16)}-01`;
    const traces = new Map([
      [first, { traceparent: traceparentOf(1) }],
      [second, { traceparent: traceparentOf(2) }],
    ]);
    const context = new WorkerBatchContext([first, second], new RecordingScope(), 'w', traces);

    context.emit(second, customerCreated, { customerId: 'c-2', name: 'Two' });
    context.emit(first, customerCreated, { customerId: 'c-1', name: 'One' });

    const [one, two] = context.outcomes();
    const traceparent = (outcome: typeof one) =>
      outcome.kind === 'applied' ? outcome.records[0].headers[CloudEventHeaders.traceparent] : '';
    expect(traceparent(one)).toBe(traceparentOf(1));
    expect(traceparent(two)).toBe(traceparentOf(2));
  });

  it('answers each event as applied with no result and no output when the handler does nothing', () => {
    const context = new WorkerBatchContext([command(1), command(2)], new RecordingScope(), 'w');

    const nothing = {
      kind: 'applied',
      result: undefined,
      records: [],
      deferred: false,
      settled: [],
    };
    expect(context.outcomes()).toEqual([nothing, nothing]);
  });

  it('keeps each emitted event with its cause, not in the scope, in emit order', () => {
    const [first, second] = [command(1), command(2)];
    const scope = new RecordingScope();
    const context = new WorkerBatchContext([first, second], scope, 'w');

    context.emit(second, customerCreated, { customerId: 'c-2', name: 'B' });
    context.emit(first, customerCreated, { customerId: 'c-1', name: 'A' });
    context.emit(first, customerCreated, { customerId: 'c-1b', name: 'A2' });

    const outcomes = context.outcomes();
    expect(scope.records).toEqual([]);
    expect(outcomes.map((o) => (o.kind === 'applied' ? o.records.map((r) => r.key) : []))).toEqual([
      ['c-1', 'c-1b'],
      ['c-2'],
    ]);
    const headers = outcomes[0].kind === 'applied' ? outcomes[0].records[0].headers : {};
    expect(headers).toMatchObject({
      [CloudEventHeaders.trackingId]: 'tracking-1',
      [CloudEventHeaders.causationId]: 'cause-1',
    });
  });

  it('derives the same ids a single handler would for the same cause', () => {
    const cause = command(1);
    const batch = new WorkerBatchContext([cause], new RecordingScope(), 'w');
    const single = new WorkerContext(cause, new RecordingScope(), 'w');

    const ids = [0, 1].map(
      (i) => batch.emit(cause, customerCreated, { customerId: `x${i}`, name: 'n' }).id,
    );
    const singleIds = [0, 1].map(
      (i) => single.emit(customerCreated, { customerId: `x${i}`, name: 'n' }).id,
    );

    expect(ids).toEqual(singleIds);
  });

  it('answers a tracked request with the result the handler gave', () => {
    const [first, second] = [command(1), command(2)];
    const context = new WorkerBatchContext([first, second], new RecordingScope(), 'w');

    context.answer(second, { balance: 7 });

    expect(context.outcomes()[1]).toMatchObject({ kind: 'applied', result: { balance: 7 } });
  });

  it('marks a rejected event with its reason and code and drops what it emitted, without throwing', () => {
    const [first, second] = [command(1), command(2)];
    const context = new WorkerBatchContext([first, second], new RecordingScope(), 'w');
    context.emit(first, customerCreated, { customerId: 'c-1', name: 'A' });

    context.reject(first, 'Email taken', 'email-taken', { deadLetter: false });

    const [rejected, applied] = context.outcomes();
    expect(rejected.kind).toBe('rejected');
    const error = rejected.kind === 'rejected' ? rejected.error : undefined;
    expect(error).toBeInstanceOf(EventRejectedError);
    expect(error).toMatchObject({ message: 'Email taken', code: 'email-taken', deadLetter: false });
    expect(applied.kind).toBe('applied');
  });

  it('emits with a tracking id of its own, defers and settles per cause', () => {
    const [first, second] = [command(1), command(2)];
    const context = new WorkerBatchContext([first, second], new RecordingScope(), 'w');

    const emitted = context.emit(
      first,
      customerCreated,
      { customerId: 'c-1', name: 'A' },
      { trackingId: 'fresh-1' },
    );
    context.defer(first);
    context.answerRequest(second, { trackingId: 'earlier-1' }, { ok: true });
    context.rejectRequest(second, { trackingId: 'earlier-2' }, 'Email taken', 'email-taken');

    const [deferred, settling] = context.outcomes();
    expect(emitted.trackingId).toBe('fresh-1');
    expect(deferred).toMatchObject({ kind: 'applied', deferred: true, settled: [] });
    expect(settling).toMatchObject({
      kind: 'applied',
      deferred: false,
      settled: [
        { trackingId: 'earlier-1', status: 'accepted', result: { ok: true } },
        { trackingId: 'earlier-2', status: 'rejected', reasonCode: 'email-taken' },
      ],
    });
  });

  it('throws when the handler names an event that is not in the batch', () => {
    const context = new WorkerBatchContext([command(1)], new RecordingScope(), 'w');

    expect(() => context.answer(command(1), 1)).toThrow('Event cause-1 is not part of this batch.');
  });
});
