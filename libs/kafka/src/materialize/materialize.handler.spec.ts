import {
  createEvent,
  DeadLetterHeaders,
  defineEvent,
  encodeEvent,
  EventCatalogue,
  EventEnvelope,
  requestRejectedSchema,
  SchemaViolationError,
} from '@app/events';
import { InMemoryBatchLedger } from '@app/testing';
import { z } from 'zod';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { EventDecision, EventDispatcher, HandlerScope } from '../pipeline/event-dispatcher';
import { BatchItem, PartitionBatch } from '../pipeline/partition-batch';
import { BatchTransaction } from './batch-transaction';
import { EventFate } from './event-fate';
import { HandlerRunner } from './handler-runner';
import { MaterializeHandler } from './materialize.handler';

const TOPIC = 'test.commands';
const schema = z.object({ account: z.string(), refuse: z.boolean().optional() });
const deposit = defineEvent({ type: 'test.deposit', schema, topic: TOPIC, key: (p) => p.account });
const bulk = defineEvent({ type: 'test.bulk', schema, topic: TOPIC, key: (p) => p.account });
const unknown = defineEvent({ type: 'test.other', schema, topic: TOPIC, key: (p) => p.account });
const rejected = defineEvent({
  type: 'test.request-rejected',
  schema: requestRejectedSchema,
  topic: 'test.events',
  key: (p) => p.trackingId,
});
const catalogue = new EventCatalogue([deposit, bulk, unknown, rejected]);

type Handler = (event: EventEnvelope<z.output<typeof schema>>) => EventDecision;

/** Routes `test.deposit` one event at a time and `test.bulk` in runs, counting what it is handed. */
class FakeDispatcher implements EventDispatcher {
  readonly handed: string[][] = [];
  single: Handler = (event) =>
    event.payload.refuse
      ? { kind: 'rejected', error: new EventRejectedError('refused', 'no', { deadLetter: false }) }
      : { kind: 'applied', result: event.payload.account, records: [] };

  handles(type: string): boolean {
    return type === deposit.type || type === bulk.type;
  }
  takesBatches(type: string): boolean {
    return type === bulk.type;
  }
  async dispatch(event: EventEnvelope, _scope: HandlerScope): Promise<EventDecision> {
    this.handed.push([event.id]);
    return this.single(event as EventEnvelope<z.output<typeof schema>>);
  }
  async dispatchBatch(events: readonly EventEnvelope[]): Promise<EventDecision[]> {
    this.handed.push(events.map((event) => event.id));
    return events.map((event) => this.single(event as EventEnvelope<z.output<typeof schema>>));
  }
}

let offset = 0;
function item(definition = deposit, account = 'a', refuse?: boolean): BatchItem {
  const envelope = createEvent(
    definition,
    { account, refuse },
    { source: 'test', trackingId: `track-${offset}`, id: `event-${offset}` },
  );
  const { key, value, headers } = encodeEvent(definition, envelope);
  const message = { topic: TOPIC, partition: 0, offset: BigInt(offset++), timestamp: 0 };
  return { message: { ...message, key: Buffer.from(key), value, headers }, envelope };
}

function batchOf(items: BatchItem[], partition = 0): PartitionBatch {
  return {
    topic: TOPIC,
    partition,
    items: items.map((i) => ({ ...i, message: { ...i.message, partition } })),
    heartbeat: async () => undefined,
    isActive: () => true,
  };
}

describe(MaterializeHandler.name, () => {
  let ledger: InMemoryBatchLedger;
  let dispatcher: FakeDispatcher;
  let published: string[];
  let fates: { partition: number; kinds: EventFate['kind'][] }[];
  let handler: MaterializeHandler;

  beforeEach(() => {
    ledger = new InMemoryBatchLedger();
    dispatcher = new FakeDispatcher();
    [published, fates] = [[], []];
    const settings = {
      groupId: 'g',
      source: 'test-worker',
      rejectionEvents: new Map([[TOPIC, rejected]]),
      catalogue,
    };
    const runner = new HandlerRunner(dispatcher, ledger, catalogue);
    handler = new MaterializeHandler(
      new BatchTransaction(ledger, runner, settings),
      {
        flushAll: async (parts) => {
          published.push(...parts.flatMap((p) => p.written ?? []).map((r) => r.topic));
        },
      },
      (batch, decided) =>
        fates.push({ partition: batch.partition, kinds: decided.map((f) => f.kind) }),
    );
  });

  describe('handle', () => {
    it('applies each event, records accepted outcomes and moves the position past the batch', async () => {
      const items = [item(), item()];

      await handler.handle(batchOf(items));

      expect(fates).toEqual([{ partition: 0, kinds: ['applied', 'applied'] }]);
      expect(ledger.outcome('track-' + items[1].message.offset)).toMatchObject({
        status: 'accepted',
        result: 'a',
      });
      expect(await ledger.readPositions(TOPIC, [0])).toEqual(
        new Map([[0, items[1].message.offset + 1n]]),
      );
    });

    it('skips events below the stored position and requests already answered when redelivered', async () => {
      const [applied, answered, fresh] = [item(), item(), item()];
      ledger.setPosition({ topic: TOPIC, partition: 0 }, answered.message.offset);
      ledger.setOutcome({ trackingId: `track-${answered.message.offset}`, status: 'accepted' });

      await handler.handle(batchOf([applied, answered, fresh]));

      expect(fates[0].kinds).toEqual(['already-applied', 'duplicate', 'applied']);
      expect(dispatcher.handed).toEqual([[fresh.envelope?.id]]);
    });

    it('undoes only the refused event and answers it in the same transaction when a handler refuses', async () => {
      await handler.handle(batchOf([item(), item(deposit, 'b', true), item()]));

      expect(fates[0].kinds).toEqual(['applied', 'refused', 'applied']);
      expect(ledger.transactions).toBe(1);
      expect(ledger.undone).toBe(1);
      // Refused without dead-lettering: only the rejection event answers the request.
      expect(published).toEqual(['test.events']);
    });

    it('dead-letters an event and goes on when its handler fails for good', async () => {
      dispatcher.single = (event) => {
        if (event.payload.account === 'bad') throw new SchemaViolationError(deposit.type, ['x']);
        return { kind: 'applied', result: undefined, records: [] };
      };

      await handler.handle(batchOf([item(deposit, 'bad'), item()]));

      expect(fates[0].kinds).toEqual(['failed', 'applied']);
      expect(ledger.undone).toBe(1);
      expect(published).toEqual([`${TOPIC}.dlq`, 'test.events']);
    });

    it('rejects with the failing offset and commits nothing when a handler fails in an unknown way', async () => {
      dispatcher.single = () => {
        throw new Error('boom');
      };
      const first = item();

      const handled = handler.handle(batchOf([first, item()]));

      await expect(handled).rejects.toEqual(
        new EventFailedError(first.message.offset, new Error('boom')),
      );
      expect(ledger.closes).toEqual([]);
    });

    it('dead-letters a marked event with its attempts when the pipeline marked it', async () => {
      const marked = { ...item(), deadLetter: { error: new Error('poison'), attempts: 5 } };

      await handler.handle(batchOf([marked]));

      expect(fates[0].kinds).toEqual(['failed']);
      const [dlq] = ledger.closes[0].partitions[0].records;
      expect(dlq.headers).toMatchObject({ [DeadLetterHeaders.attempts]: '5' });
    });

    it('hands a run of one type to its batch handler at once and leaves unhandled types', async () => {
      const items = [item(bulk), item(bulk, 'b', true), item(bulk), item(unknown)];

      await handler.handle(batchOf(items));

      expect(dispatcher.handed).toEqual([items.slice(0, 3).map((i) => i.envelope?.id)]);
      expect(fates[0].kinds).toEqual(['applied', 'refused', 'applied', 'unhandled']);
    });

    it('runs batches that arrive together in one transaction', async () => {
      await Promise.all([
        handler.handle(batchOf([item()], 0)),
        handler.handle(batchOf([item()], 1)),
      ]);

      expect(ledger.transactions).toBe(1);
      expect(fates.map((f) => f.partition)).toEqual([0, 1]);
    });

    it('runs each batch alone when their shared transaction fails, so the failure is its own', async () => {
      dispatcher.single = (event) => {
        if (event.payload.account === 'bad') throw new Error('boom');
        return { kind: 'applied', result: undefined, records: [] };
      };

      const [good, bad] = await Promise.allSettled([
        handler.handle(batchOf([item()], 0)),
        handler.handle(batchOf([item(deposit, 'bad')], 1)),
      ]);

      expect([good.status, bad.status]).toEqual(['fulfilled', 'rejected']);
      expect(ledger.transactions).toBe(3);
      expect(fates).toEqual([{ partition: 0, kinds: ['applied'] }]);
    });
  });
});
