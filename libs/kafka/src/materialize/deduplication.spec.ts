import { CloudEventHeaders, SchemaViolationError } from '@app/events';
import { BatchItem } from '../pipeline/partition-batch';
import { batchOf, bulk, deposit, item, rig, TOPIC } from './materialize.fakes';

/** A copy of an event at a later offset: same CloudEvents source and id, no tracking id. */
function copyOf(original: BatchItem, offset: bigint): BatchItem {
  const envelope = original.envelope && { ...original.envelope, trackingId: undefined };
  const headers = { ...original.message.headers };
  delete headers[CloudEventHeaders.trackingId];
  return { message: { ...original.message, offset, headers }, envelope };
}

describe('Deduplication by CloudEvents source and id', () => {
  it.each([
    ['a single-event handler', deposit],
    ['a batch handler', bulk],
  ])('applies an event once when a copy comes at another offset, for %s', async (_, type) => {
    const { ledger, dispatcher, fates, handler } = rig();
    const original = item(type);
    const other = item(type);

    await handler.handle(batchOf([original, copyOf(original, 100n)]));
    await handler.handle(
      batchOf([copyOf(original, 101n), { ...other, message: { ...other.message, offset: 102n } }]),
    );

    expect(fates.map((f) => f.kinds)).toEqual([
      ['applied', 'duplicate'],
      ['duplicate', 'applied'],
    ]);
    expect(dispatcher.handed.flat()).toEqual([original.envelope?.id, other.envelope?.id]);
    expect(ledger.processed({ source: 'test', id: String(original.envelope?.id) })).toBe(true);
  });

  it('applies every copy on an observed topic: each record is an observation of its own', async () => {
    const observed = new Set([TOPIC]);
    const { ledger, dispatcher, fates, handler } = rig({
      factTopics: observed,
      observedTopics: observed,
    });
    const original = item(deposit);

    await handler.handle(batchOf([original, copyOf(original, 100n)]));

    expect(fates.map((f) => f.kinds)).toEqual([['applied', 'applied']]);
    expect(dispatcher.handed.flat()).toEqual([original.envelope?.id, original.envelope?.id]);
    expect(ledger.processed({ source: 'test', id: String(original.envelope?.id) })).toBe(false);
  });

  it('forgets a dead-lettered event, so that replaying it applies it', async () => {
    const { ledger, dispatcher, fates, handler } = rig();
    const bad = item(deposit, 'bad');
    dispatcher.single = (event) => {
      if (event.payload.account === 'bad') throw new SchemaViolationError(deposit.type, ['x']);
      return { kind: 'applied', result: undefined, records: [] };
    };
    await handler.handle(batchOf([bad]));
    expect(ledger.processed({ source: 'test', id: String(bad.envelope?.id) })).toBe(false);

    dispatcher.single = () => ({ kind: 'applied', result: undefined, records: [] });
    await handler.handle(batchOf([copyOf(bad, 200n)]));

    expect(fates.map((f) => f.kinds)).toEqual([['failed'], ['applied']]);
  });

  it('keeps nothing of a transaction that failed: its events are claimed again on retry', async () => {
    const { ledger, dispatcher, fates, handler } = rig();
    const once = item();
    dispatcher.single = () => {
      throw new Error('database down');
    };
    await expect(handler.handle(batchOf([once]))).rejects.toThrow();
    expect(ledger.processed({ source: 'test', id: String(once.envelope?.id) })).toBe(false);

    dispatcher.single = () => ({ kind: 'applied', result: undefined, records: [] });
    await handler.handle(batchOf([once]));
    expect(fates.map((f) => f.kinds)).toEqual([['applied']]);
  });
});
