import {
  CloudEventHeaders,
  createEvent,
  defineEvent,
  encodeEvent,
  EventCatalogue,
  EventError,
  MalformedEventError,
  MissingHeaderError,
  ObservedPayload,
  RawHeaderValue,
  SchemaViolationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
  UnsupportedContentTypeError,
  UnsupportedSpecVersionError,
} from '@app/events';
import { z } from 'zod';
import { InboundMessage } from '../broker/inbound-message';
import { decodeMiddleware } from './decode.middleware';
import { BatchHandler, BatchItem, PartitionBatch } from './partition-batch';

const customerRenamed = defineEvent({
  type: 'test.customer-renamed',
  schema: z.object({ customerId: z.string().min(1), name: z.string() }),
  topic: 'test-topic',
  key: (payload) => payload.customerId,
});
const catalogue = new EventCatalogue([customerRenamed]);

let nextOffset = 0;

/** A consumed message as kafkajs hands it over (Buffer headers), optionally with headers or value changed. */
function consumed(
  payload: unknown = { customerId: 'c-1', name: 'Ada' },
  headers: Record<string, RawHeaderValue> = {},
  value?: Buffer | null,
): InboundMessage {
  const envelope = createEvent(
    customerRenamed,
    { customerId: 'c-1', name: 'Ada' },
    { source: 'test' },
  );
  const encoded = encodeEvent(customerRenamed, envelope);
  const raw: Record<string, RawHeaderValue> = {};
  for (const [name, text] of Object.entries(encoded.headers)) raw[name] = Buffer.from(text);
  return {
    topic: 'test-topic',
    partition: 0,
    offset: BigInt(nextOffset++),
    timestamp: Date.now(),
    key: Buffer.from(keyOf(payload) ?? encoded.key),
    value: value === undefined ? Buffer.from(JSON.stringify(payload)) : value,
    headers: { ...raw, ...headers },
  };
}

function keyOf(payload: unknown): string | undefined {
  return typeof payload === 'object' && payload !== null && 'customerId' in payload
    ? String(payload.customerId)
    : undefined;
}

function batchOf(items: BatchItem[]): PartitionBatch {
  return {
    topic: 'test-topic',
    partition: 0,
    items,
    heartbeat: () => Promise.resolve(),
    isActive: () => true,
  };
}

/** A terminal handler that records the batches it is given. */
function recorder(): BatchHandler & { seen: PartitionBatch[] } {
  const seen: PartitionBatch[] = [];
  return Object.assign(async (batch: PartitionBatch) => void seen.push(batch), { seen });
}

describe(decodeMiddleware.name, () => {
  describe('good events', () => {
    it('sets the decoded envelope on every item when all events decode', async () => {
      const batch = batchOf([
        { message: consumed({ customerId: 'c-1', name: 'Ada' }) },
        { message: consumed({ customerId: 'c-2', name: 'Grace' }) },
      ]);
      const next = recorder();

      await decodeMiddleware(catalogue)(next)(batch);

      expect(batch.items.map((item) => item.envelope?.payload)).toEqual([
        { customerId: 'c-1', name: 'Ada' },
        { customerId: 'c-2', name: 'Grace' },
      ]);
      expect(batch.items[0].envelope).toMatchObject({
        type: customerRenamed.type,
        key: 'c-1',
        source: 'test',
      });
      expect(batch.items.every((item) => item.deadLetter === undefined)).toBe(true);
      expect(next.seen).toEqual([batch]);
    });
  });

  describe('observed topics', () => {
    const correlated = { [CloudEventHeaders.correlationId]: 'request-1' };

    it('decodes any type from its headers, the payload unvalidated, when the topic is observed', async () => {
      const unknownType = consumed(
        { anything: 1 },
        { ce_type: 'other.something-happened', ...correlated },
      );
      const badPayload = consumed({ customerId: 'c-3' }, correlated);
      const notJson = consumed(undefined, correlated, Buffer.from('not json'));
      const batch = batchOf([
        { message: unknownType },
        { message: badPayload },
        { message: notJson },
      ]);

      await decodeMiddleware(catalogue, undefined, (topic) => topic === 'test-topic')(recorder())(
        batch,
      );

      expect(batch.items.map((item) => item.deadLetter)).toEqual([undefined, undefined, undefined]);
      expect(
        batch.items.map((item) => [
          item.envelope?.type,
          (item.envelope?.payload as ObservedPayload).value,
        ]),
      ).toEqual([
        ['other.something-happened', { anything: 1 }],
        [customerRenamed.type, { customerId: 'c-3' }],
        [customerRenamed.type, null],
      ]);
      expect((batch.items[0].envelope?.payload as ObservedPayload).headers).toMatchObject({
        ce_type: 'other.something-happened',
        ce_source: 'test',
      });
      expect(batch.items[0].envelope?.payload).toMatchObject({ topic: 'test-topic', partition: 0 });
    });

    it('marks an observed event for the dead-letter topic when it names its flow but a required header is missing', async () => {
      const batch = batchOf([
        { message: consumed(undefined, { ce_id: undefined, ...correlated }) },
      ]);

      await decodeMiddleware(catalogue, undefined, () => true)(recorder())(batch);

      expect(batch.items[0].deadLetter?.error).toBeInstanceOf(MissingHeaderError);
    });

    it('leaves a record that names no flow unhandled undecoded, never dead-lettered, whatever its headers', async () => {
      const noHeaders: InboundMessage = {
        ...consumed(),
        headers: {},
        value: Buffer.from('not json'),
      };
      const emptyCorrelation = consumed(undefined, { [CloudEventHeaders.correlationId]: '' });
      const batch = batchOf([
        { message: noHeaders },
        { message: emptyCorrelation },
        { message: consumed(undefined, correlated) },
      ]);
      const heard: InboundMessage[] = [];

      await decodeMiddleware(
        catalogue,
        undefined,
        () => true,
        (message) => heard.push(message),
      )(recorder())(batch);

      expect(
        batch.items.map((item) => [item.unhandled, item.deadLetter, item.envelope?.type]),
      ).toEqual([
        [true, undefined, undefined],
        [true, undefined, undefined],
        [undefined, undefined, customerRenamed.type],
      ]);
      expect(heard).toEqual([noHeaders, emptyCorrelation]);
    });

    it('decodes a record without a correlation id as usual when its topic is not observed', async () => {
      const batch = batchOf([{ message: consumed() }]);

      await decodeMiddleware(catalogue, undefined, () => false)(recorder())(batch);

      expect(batch.items[0]).toMatchObject({ envelope: { type: customerRenamed.type } });
      expect(batch.items[0].unhandled).toBeUndefined();
    });
  });

  describe('bad events', () => {
    it.each<[string, () => InboundMessage, new (...args: never[]) => EventError]>([
      [
        'a required header is missing',
        () => consumed(undefined, { ce_id: undefined }),
        MissingHeaderError,
      ],
      [
        'the spec version is not 1.0',
        () => consumed(undefined, { ce_specversion: '0.3' }),
        UnsupportedSpecVersionError,
      ],
      [
        'the content type is not JSON',
        () => consumed(undefined, { 'content-type': 'text/xml' }),
        UnsupportedContentTypeError,
      ],
      [
        'the type is not in the catalogue',
        () => consumed(undefined, { ce_type: 'test.unknown' }),
        UnknownEventTypeError,
      ],
      [
        'the data version is unknown',
        () => consumed(undefined, { ce_dataversion: '7' }),
        UnknownEventVersionError,
      ],
      [
        'the value is not JSON',
        () => consumed(undefined, {}, Buffer.from('{"customerId":')),
        MalformedEventError,
      ],
      ['the value is null', () => consumed(undefined, {}, null), MalformedEventError],
      [
        'the payload violates the schema',
        () => consumed({ customerId: '', name: 7 }),
        SchemaViolationError,
      ],
    ])('marks the item deadLetter with the EventError when %s', async (_, make, errorClass) => {
      const batch = batchOf([{ message: make() }]);

      await decodeMiddleware(catalogue)(recorder())(batch);

      const [item] = batch.items;
      expect(item.envelope).toBeUndefined();
      expect(item.deadLetter?.error).toBeInstanceOf(errorClass);
      expect(item.deadLetter?.attempts).toBe(1);
    });

    it('decodes the good events around a bad one and calls next once with every item', async () => {
      const batch = batchOf([
        { message: consumed({ customerId: 'c-1', name: 'Ada' }) },
        { message: consumed({ customerId: 'c-2' }) },
        { message: consumed({ customerId: 'c-3', name: 'Alan' }) },
      ]);
      const next = recorder();

      await decodeMiddleware(catalogue)(next)(batch);

      expect(batch.items.map((item) => item.envelope?.key)).toEqual(['c-1', undefined, 'c-3']);
      expect(batch.items.map((item) => item.deadLetter?.error?.constructor)).toEqual([
        undefined,
        SchemaViolationError,
        undefined,
      ]);
      expect(next.seen).toHaveLength(1);
      expect(next.seen[0].items).toBe(batch.items);
    });
  });

  describe('events it ignores', () => {
    it('marks unhandled, undecoded, the events it ignores when given a type no catalogue knows', async () => {
      const batch = batchOf([
        { message: consumed(undefined, { ce_type: 'test.added-later' }) },
        { message: consumed({ customerId: 'c-2', name: 'Grace' }) },
      ]);
      const ignores = (topic: string, type: string) =>
        topic === 'test-topic' && type === 'test.added-later';

      await decodeMiddleware(catalogue, ignores)(recorder())(batch);

      expect(batch.items[0]).toMatchObject({ unhandled: true });
      expect(batch.items[0].envelope).toBeUndefined();
      expect(batch.items[0].deadLetter).toBeUndefined();
      expect(batch.items[1].envelope?.key).toBe('c-2');
    });
  });

  describe('items already settled', () => {
    it('leaves items that already carry an envelope or a mark untouched when the batch runs again', async () => {
      const mark = { error: new Error('poison'), attempts: 5 };
      const good = consumed({ customerId: 'c-1', name: 'Ada' });
      const first: BatchItem = { message: good };
      await decodeMiddleware(catalogue)(recorder())(batchOf([first]));
      const envelope = first.envelope;
      // A marked item keeps its mark even though its bytes would decode.
      const batch = batchOf([first, { message: consumed(), deadLetter: mark }]);

      await decodeMiddleware(catalogue)(recorder())(batch);

      expect(batch.items[0].envelope).toBe(envelope);
      expect(batch.items[1].deadLetter).toBe(mark);
      expect(batch.items[1].envelope).toBeUndefined();
    });
  });

  describe('unexpected failures', () => {
    it('rethrows without calling next when decoding fails with an error that is not an EventError', async () => {
      const keyless = defineEvent({
        type: 'test.keyless',
        schema: z.object({}),
        topic: 'test-topic',
        key: () => {
          throw new TypeError('key function bug');
        },
      });
      const message: InboundMessage = {
        ...consumed(),
        key: null,
        value: Buffer.from('{}'),
        headers: { ...consumed().headers, ce_type: keyless.type },
      };
      const next = recorder();

      await expect(
        decodeMiddleware(new EventCatalogue([keyless]))(next)(batchOf([{ message }])),
      ).rejects.toThrow(TypeError);
      expect(next.seen).toEqual([]);
    });
  });
});
