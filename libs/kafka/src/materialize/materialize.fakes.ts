import {
  createEvent,
  defineEvent,
  encodeEvent,
  EventCatalogue,
  EventEnvelope,
  requestRejectedSchema,
} from '@app/events';
import { InMemoryBatchLedger } from '@app/testing';
import { z } from 'zod';
import { EventRejectedError } from '../errors/event-rejected.error';
import { EventDecision, EventDispatcher, HandlerScope } from '../pipeline/event-dispatcher';
import { BatchItem, PartitionBatch } from '../pipeline/partition-batch';
import { BatchTransaction } from './batch-transaction';
import { EventFate } from './event-fate';
import { FateWriteSettings } from './fate-writes';
import { HandlerRunner } from './handler-runner';
import { MaterializeHandler } from './materialize.handler';

/* Fakes shared by the materialize specs: a catalogue, a dispatcher and events of one partition. */

export const TOPIC = 'test.commands';
const schema = z.object({ account: z.string(), refuse: z.boolean().optional() });
export const deposit = defineEvent({
  type: 'test.deposit',
  schema,
  topic: TOPIC,
  key: (p) => p.account,
});
export const bulk = defineEvent({ type: 'test.bulk', schema, topic: TOPIC, key: (p) => p.account });
export const unknown = defineEvent({
  type: 'test.other',
  schema,
  topic: TOPIC,
  key: (p) => p.account,
});
const rejected = defineEvent({
  type: 'test.request-rejected',
  schema: requestRejectedSchema,
  topic: 'test.events',
  key: (p) => p.trackingId,
});
const catalogue = new EventCatalogue([deposit, bulk, unknown, rejected]);

type Handler = (event: EventEnvelope<z.output<typeof schema>>) => EventDecision;

/** Routes `test.deposit` one event at a time and `test.bulk` in runs, counting what it is handed. */
export class FakeDispatcher implements EventDispatcher {
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
export function item(definition = deposit, account = 'a', refuse?: boolean): BatchItem {
  const envelope = createEvent(
    definition,
    { account, refuse },
    { source: 'test', trackingId: `track-${offset}`, id: `event-${offset}` },
  );
  const { key, value, headers } = encodeEvent(definition, envelope);
  const message = { topic: TOPIC, partition: 0, offset: BigInt(offset++), timestamp: 0 };
  return { message: { ...message, key: Buffer.from(key), value, headers }, envelope };
}

export function batchOf(items: BatchItem[], partition = 0): PartitionBatch {
  return {
    topic: TOPIC,
    partition,
    items: items.map((i) => ({ ...i, message: { ...i.message, partition } })),
    heartbeat: async () => undefined,
    isActive: () => true,
  };
}

/** A materialize handler on an in-memory ledger, with what it published and decided. */
export interface Rig {
  readonly ledger: InMemoryBatchLedger;
  readonly dispatcher: FakeDispatcher;
  readonly published: string[];
  readonly fates: { partition: number; kinds: EventFate['kind'][] }[];
  readonly handler: MaterializeHandler;
}

/** Builds a fresh rig, its settings changed by `overrides`. */
export function rig(overrides: Partial<FateWriteSettings> = {}): Rig {
  const ledger = new InMemoryBatchLedger();
  const dispatcher = new FakeDispatcher();
  const published: string[] = [];
  const fates: Rig['fates'] = [];
  const settings: FateWriteSettings = {
    groupId: 'g',
    source: 'test-worker',
    rejectionEvents: new Map([[TOPIC, rejected]]),
    catalogue,
    factTopics: new Set(),
    deadLetterTopics: new Map(),
    ...overrides,
  };
  const runner = new HandlerRunner(dispatcher, ledger, settings);
  const handler = new MaterializeHandler(
    new BatchTransaction(ledger, runner, settings),
    {
      flushAll: async (parts) => {
        published.push(...parts.flatMap((p) => p.written ?? []).map((r) => r.topic));
      },
    },
    (batch, decided) =>
      fates.push({ partition: batch.partition, kinds: decided.map((f) => f.kind) }),
  );
  return { ledger, dispatcher, published, fates, handler };
}
