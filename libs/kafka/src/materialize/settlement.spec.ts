import { CloudEventHeaders, defineEvent } from '@app/events';
import { InMemoryBatchLedger } from '@app/testing';
import { z } from 'zod';
import { Settling } from '../pipeline/event-dispatcher';
import { acceptedOutcome, rejectedOutcome } from '../transport/settled-request';
import { EventFate } from './event-fate';
import { MaterializeHandler } from './materialize.handler';
import { batchOf, bulk, deposit, FakeDispatcher, item, rig } from './materialize.fakes';

const undeclared = defineEvent({
  type: 'test.undeclared',
  schema: z.object({ id: z.string() }),
  topic: 'other.commands',
  key: (p) => p.id,
});

/** Requests answered by tracking id from another event's handler, and requests left unanswered. */
describe(`${MaterializeHandler.name} settling requests by tracking id`, () => {
  let ledger: InMemoryBatchLedger;
  let dispatcher: FakeDispatcher;
  let published: string[];
  let fates: { partition: number; kinds: EventFate['kind'][] }[];
  let handler: MaterializeHandler;

  beforeEach(() => {
    ({ ledger, dispatcher, published, fates, handler } = rig());
  });

  /** Makes the handler of the account `settler` settle with `decision`, the others apply. */
  function settleOn(settler: string, decision: Settling): void {
    dispatcher.single = (event) =>
      event.payload.account === settler
        ? { kind: 'applied', result: 'settled', records: [], ...decision }
        : { kind: 'applied', result: event.payload.account, records: [] };
  }

  function rejectionsPublished(): { trackingId: string; code: string; id: unknown }[] {
    return ledger.closes
      .flatMap((close) => close.partitions.flatMap((p) => p.records))
      .filter((record) => record.topic === 'test.events')
      .map((record) => ({
        ...JSON.parse(String(record.value)),
        id: record.headers[CloudEventHeaders.id],
      }));
  }

  it('records no outcome for a deferred request, yet applies it and moves the position', async () => {
    settleOn('later', { deferred: true });
    const deferred = item(deposit, 'later');

    await handler.handle(batchOf([deferred]));

    expect(fates[0].kinds).toEqual(['applied']);
    expect(ledger.outcome(`track-${deferred.message.offset}`)).toBeUndefined();
    expect(ledger.closes[0].partitions[0].nextOffset).toBe(deferred.message.offset + 1n);
  });

  it('answers another request as accepted by its tracking id, beside its own', async () => {
    settleOn('settler', { settled: [acceptedOutcome({ trackingId: 'waiting-1' }, { n: 1 })] });
    const settler = item(deposit, 'settler');

    await handler.handle(batchOf([settler]));

    expect(ledger.outcome('waiting-1')).toMatchObject({ status: 'accepted', result: { n: 1 } });
    expect(ledger.outcome(`track-${settler.message.offset}`)).toMatchObject({
      status: 'accepted',
    });
    expect(published).toEqual([]);
  });

  it("rejects another request by its tracking id and publishes the worker's rejection under it", async () => {
    settleOn('settler', {
      settled: [
        rejectedOutcome({ trackingId: 'waiting-2', eventType: 'test.bulk' }, 'Taken', 'taken'),
      ],
    });

    await handler.handle(batchOf([item(deposit, 'settler')]));

    expect(ledger.outcome('waiting-2')).toMatchObject({
      status: 'rejected',
      reasonCode: 'taken',
      reason: 'Taken',
      eventType: 'test.bulk',
    });
    expect(rejectionsPublished()).toEqual([
      {
        trackingId: 'waiting-2',
        code: 'taken',
        reason: 'Taken',
        rejectedType: 'test.bulk',
        id: 'waiting-2:rejected',
      },
    ]);
  });

  it('publishes the rejection in the trace of the event that settled it', async () => {
    settleOn('settler', { settled: [rejectedOutcome({ trackingId: 'waiting-4' }, 'No')] });
    const settler = item(deposit, 'settler');
    const { envelope } = settler;
    if (!envelope) throw new Error('item() gives the decoded envelope');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    await handler.handle(batchOf([{ ...settler, envelope: { ...envelope, traceparent } }]));

    const [rejection] = ledger.closes.flatMap((close) =>
      close.partitions.flatMap((p) => p.records.filter((r) => r.topic === 'test.events')),
    );
    expect(rejection.headers).toMatchObject({
      [CloudEventHeaders.traceparent]: traceparent,
      [CloudEventHeaders.causationId]: envelope.id,
    });
  });

  it('keeps the first outcome and publishes nothing more when a settled request was answered before (a replay)', async () => {
    ledger.setOutcome({ trackingId: 'waiting-3', status: 'accepted', result: 'first' });
    settleOn('settler', { settled: [rejectedOutcome({ trackingId: 'waiting-3' }, 'Late')] });

    await handler.handle(batchOf([item(deposit, 'settler')]));

    expect(ledger.outcome('waiting-3')).toMatchObject({ status: 'accepted', result: 'first' });
    expect(rejectionsPublished()).toEqual([]);
  });

  it('answers a request settled twice in one transaction once, with the first outcome', async () => {
    settleOn('settler', { settled: [acceptedOutcome({ trackingId: 'waiting-4' }, 'first')] });

    await handler.handle(batchOf([item(deposit, 'settler'), item(deposit, 'settler')]));

    expect(fates[0].kinds).toEqual(['applied', 'applied']);
    expect(ledger.outcome('waiting-4')).toMatchObject({ result: 'first' });
    expect(ledger.closes[0].outcomes.filter((o) => o.trackingId === 'waiting-4')).toHaveLength(1);
  });

  it('carries deferrals and settlements of a batch handler per event', async () => {
    dispatcher.single = (event) =>
      event.payload.account === 'a'
        ? { kind: 'applied', result: 'a', records: [], deferred: true }
        : {
            kind: 'applied',
            result: 'b',
            records: [],
            settled: [acceptedOutcome({ trackingId: 'waiting-5' }, 'b')],
          };
    const [deferred, settler] = [item(bulk, 'a'), item(bulk, 'b')];

    await handler.handle(batchOf([deferred, settler]));

    expect(dispatcher.handed).toHaveLength(1);
    expect(ledger.outcome(`track-${deferred.message.offset}`)).toBeUndefined();
    expect(ledger.outcome('waiting-5')).toMatchObject({ result: 'b' });
  });
});

describe(`${MaterializeHandler.name} emitting an event its catalogue does not declare`, () => {
  it('fails the batch and commits nothing, rather than publish on an unprefixed topic', async () => {
    const { ledger, dispatcher, handler } = rig();
    dispatcher.dispatch = async (_event, scope) => {
      scope.resolve?.(undeclared);
      return { kind: 'applied', result: undefined, records: [] };
    };

    await expect(handler.handle(batchOf([item()]))).rejects.toThrow(
      "Event type test.undeclared is not in the worker's catalogue",
    );
    expect(ledger.closes).toEqual([]);
  });
});
