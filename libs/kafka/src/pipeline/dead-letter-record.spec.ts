import { createHash } from 'node:crypto';
import {
  CloudEventHeaders,
  DeadLetterHeaders,
  MissingHeaderError,
  RawHeaderValue,
} from '@app/events';
import { InboundMessage } from '../broker/inbound-message';
import { EventRejectedError } from '../errors/event-rejected.error';
import { deadLetterEntry } from '../dead-letters/dead-letter-entry';
import { deadLetterFingerprintOf, deadLetterRecord } from './dead-letter-record';

const failedAt = new Date('2024-06-01T12:34:56.789Z');

function message(
  overrides: Partial<InboundMessage> = {},
  headers: Record<string, RawHeaderValue> = {},
): InboundMessage {
  return {
    topic: 'test-topic',
    partition: 4,
    offset: 12345678901234n,
    timestamp: 0,
    key: Buffer.from('customer-7'),
    value: Buffer.from('{"customerId":"customer-7"}'),
    headers: {
      [CloudEventHeaders.id]: Buffer.from('event-1'),
      [CloudEventHeaders.type]: Buffer.from('customers.create-customer'),
      [CloudEventHeaders.trackingId]: 'tracking-1',
      ...headers,
    },
    ...overrides,
  };
}

describe(deadLetterRecord.name, () => {
  describe('destination and payload', () => {
    it('targets <topic>.dlq and keeps the original key and value when the key is a Buffer', () => {
      const original = message();

      const record = deadLetterRecord(
        original,
        { error: new Error('x'), attempts: 1 },
        'test-group',
        failedAt,
      );

      expect(record.topic).toBe('test-topic.dlq');
      expect(record.key).toBe('customer-7');
      expect(record.value).toBe(original.value);
    });

    it('keeps a null key and a null value when the original had none', () => {
      const record = deadLetterRecord(
        message({ key: null, value: null }),
        { error: new Error('x'), attempts: 1 },
        'test-group',
        failedAt,
      );

      expect(record.key).toBeNull();
      expect(record.value).toBeNull();
    });
  });

  describe('original headers', () => {
    it('keeps the original headers as text when they arrive as Buffers, strings or arrays', () => {
      const record = deadLetterRecord(
        message(
          {},
          { 'x-multi': [Buffer.from('first'), 'second'], 'x-plain': 'text', 'x-absent': undefined },
        ),
        { error: new Error('x'), attempts: 1 },
        'test-group',
        failedAt,
      );

      expect(record.headers).toMatchObject({
        [CloudEventHeaders.id]: 'event-1',
        [CloudEventHeaders.type]: 'customers.create-customer',
        [CloudEventHeaders.trackingId]: 'tracking-1',
        'x-multi': 'first',
        'x-plain': 'text',
      });
      expect(record.headers).not.toHaveProperty('x-absent');
      expect(Object.values(record.headers).every((value) => typeof value === 'string')).toBe(true);
    });

    it('replaces stale dead-letter headers when the event had been dead-lettered and replayed before', () => {
      const record = deadLetterRecord(
        message({}, { [DeadLetterHeaders.attempts]: '9', [DeadLetterHeaders.originalOffset]: '1' }),
        { error: new Error('x'), attempts: 2 },
        'test-group',
        failedAt,
      );

      expect(record.headers[DeadLetterHeaders.attempts]).toBe('2');
      expect(record.headers[DeadLetterHeaders.originalOffset]).toBe('12345678901234');
    });
  });

  describe('dead-letter headers', () => {
    it('says why and where from when the error is an EventRejectedError', () => {
      const record = deadLetterRecord(
        message(),
        { error: new EventRejectedError('Email already taken', 'email-taken'), attempts: 3 },
        'test-group',
        failedAt,
      );

      expect(record.headers).toMatchObject({
        [DeadLetterHeaders.errorCode]: 'email-taken',
        [DeadLetterHeaders.errorMessage]: 'Email already taken',
        [DeadLetterHeaders.originalTopic]: 'test-topic',
        [DeadLetterHeaders.originalPartition]: '4',
        [DeadLetterHeaders.originalOffset]: '12345678901234',
        [DeadLetterHeaders.attempts]: '3',
        [DeadLetterHeaders.consumerGroup]: 'test-group',
        [DeadLetterHeaders.failedAt]: '2024-06-01T12:34:56.789Z',
      });
    });

    it('writes the EventError code when the event failed to decode', () => {
      const record = deadLetterRecord(
        message(),
        { error: new MissingHeaderError(CloudEventHeaders.source), attempts: 1 },
        'test-group',
        failedAt,
      );

      expect(record.headers[DeadLetterHeaders.errorCode]).toBe('missing-header');
      expect(record.headers[DeadLetterHeaders.errorMessage]).toContain(CloudEventHeaders.source);
    });

    it('writes handler-failed and the text of the thrown value when it is not an Error', () => {
      const record = deadLetterRecord(
        message(),
        { error: 'plain string thrown', attempts: 5 },
        'test-group',
        failedAt,
      );

      expect(record.headers[DeadLetterHeaders.errorCode]).toBe('handler-failed');
      expect(record.headers[DeadLetterHeaders.errorMessage]).toBe('plain string thrown');
    });

    it('truncates the error message to 1000 characters when it is longer', () => {
      const record = deadLetterRecord(
        message(),
        { error: new Error('x'.repeat(5000)), attempts: 1 },
        'test-group',
        failedAt,
      );

      expect(record.headers[DeadLetterHeaders.errorMessage]).toBe('x'.repeat(1000));
    });
  });

  describe('fingerprint', () => {
    const asRead = (headers: Record<string, string>) =>
      deadLetterEntry({ partition: 0, offset: 0n, key: null, value: null, headers });

    it('carries the fingerprint npm run dlq reads from the copy, also without a type header', () => {
      for (const original of [message(), message({}, { [CloudEventHeaders.type]: [] })]) {
        const error = new Error("Value 'x' at 17 is bad\u0000");
        const record = deadLetterRecord(original, { error, attempts: 1 }, 'test-group', failedAt);

        expect(record.headers[DeadLetterHeaders.fingerprint]).toBe(
          asRead(record.headers).fingerprint,
        );
        expect(deadLetterFingerprintOf(original, error)).toBe(
          record.headers[DeadLetterHeaders.fingerprint],
        );
      }
    });

    it('gives events that failed alike one fingerprint and other failures another', () => {
      const fingerprintOf = (id: string, error: Error) =>
        deadLetterRecord(
          message({}, { [CloudEventHeaders.id]: id }),
          { error, attempts: 1 },
          'g',
          failedAt,
        ).headers[DeadLetterHeaders.fingerprint];

      expect(fingerprintOf('a', new Error("Order 'o-1' has 3 lines"))).toBe(
        fingerprintOf('b', new Error("Order 'o-2' has 5 lines")),
      );
      expect(fingerprintOf('a', new Error('Order has no lines'))).not.toBe(
        fingerprintOf('a', new Error("Order 'o-1' has 3 lines")),
      );
    });
  });

  describe('event id', () => {
    it('reuses ce_id when the original carries it', () => {
      expect(
        deadLetterRecord(message(), { error: new Error('x'), attempts: 1 }, 'g', failedAt).eventId,
      ).toBe('event-1');
    });

    it('derives topic:partition:offset when the original has no ce_id', () => {
      const record = deadLetterRecord(
        message({}, { [CloudEventHeaders.id]: undefined }),
        { error: new Error('x'), attempts: 1 },
        'g',
        failedAt,
      );

      expect(record.eventId).toBe('test-topic:4:12345678901234');
    });

    it('gives the same id when the same event is dead-lettered again', () => {
      const original = message({}, { [CloudEventHeaders.id]: undefined });
      const mark = { error: new Error('x'), attempts: 1 };

      expect(deadLetterRecord(original, mark, 'g', failedAt).eventId).toBe(
        deadLetterRecord(original, mark, 'g', new Date()).eventId,
      );
    });
  });

  describe('size bound', () => {
    const mark = { error: new Error('x'), attempts: 1 };
    const bytes = (record: { key: string | null; value: Buffer | null; headers: object }) =>
      (record.value?.length ?? 0) +
      Buffer.byteLength(record.key ?? '') +
      Object.entries(record.headers).reduce(
        (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(String(value)),
        0,
      );

    it('keeps the whole value and adds no truncation headers when the copy fits', () => {
      const original = message();

      const record = deadLetterRecord(original, mark, 'g', failedAt, 10_000);

      expect(record.value).toBe(original.value);
      expect(record.headers[DeadLetterHeaders.valueTruncated]).toBeUndefined();
    });

    it('cuts the value to fit, with its original size and SHA-256, when the copy would exceed the bound', () => {
      const value = Buffer.alloc(1_048_150, 7);
      const original = message({ value }, { 'x-note': 'kept' });

      const record = deadLetterRecord(original, mark, 'g', failedAt, 100_000);

      expect(bytes(record)).toBeLessThanOrEqual(100_000);
      expect(record.value?.length).toBeGreaterThan(90_000);
      expect(record.value).toEqual(value.subarray(0, record.value?.length));
      expect(record.headers).toMatchObject({
        [DeadLetterHeaders.valueTruncated]: 'true',
        [DeadLetterHeaders.valueSize]: '1048150',
        [DeadLetterHeaders.valueSha256]: createHash('sha256').update(value).digest('hex'),
        [DeadLetterHeaders.originalTopic]: 'test-topic',
        [DeadLetterHeaders.originalPartition]: '4',
        [DeadLetterHeaders.originalOffset]: '12345678901234',
        [CloudEventHeaders.id]: 'event-1',
        'x-note': 'kept',
      });
      expect(record.key).toBe('customer-7');
    });

    it('keeps an empty value when the key and headers alone take the whole bound', () => {
      const original = message({ value: Buffer.alloc(5000, 1) }, { 'x-big': 'h'.repeat(3000) });

      const record = deadLetterRecord(original, mark, 'g', failedAt, 2000);

      expect(record.value).toEqual(Buffer.alloc(0));
      expect(record.headers[DeadLetterHeaders.valueSize]).toBe('5000');
    });

    it('cuts a value under the default bound, below the broker default of 1 MiB, when none is given', () => {
      const record = deadLetterRecord(
        message({ value: Buffer.alloc(1_048_150) }),
        mark,
        'g',
        failedAt,
      );

      expect(bytes(record)).toBeLessThan(1_000_000);
      expect(record.headers[DeadLetterHeaders.valueTruncated]).toBe('true');
    });
  });
});
