import { z } from 'zod';
import { CloudEventHeaders } from './cloud-event-headers.constants';
import { EventCatalogue } from './event-catalogue';
import { createEvent, decodeEvent, encodeEvent, readHeader } from './event-codec';
import { defineEvent } from './event-definition';
import { EncodedEvent, RawEvent, RawHeaderValue } from './event-envelope';
import { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';
import { MalformedEventError } from './errors/malformed-event.error';
import { MissingHeaderError } from './errors/missing-header.error';
import { SchemaViolationError } from './errors/schema-violation.error';
import { UnknownEventTypeError } from './errors/unknown-event-type.error';
import { UnknownEventVersionError } from './errors/unknown-event-version.error';
import { UnsupportedContentTypeError } from './errors/unsupported-content-type.error';
import { UnsupportedSpecVersionError } from './errors/unsupported-spec-version.error';

// Three versions of one type: v2 split the name, v3 turned the single email into a list.
const v1Schema = z.object({ customerId: z.string(), name: z.string(), email: z.string() });
const v2Schema = z.object({
  customerId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
});
const customerRegistered = defineEvent({
  type: 'customers.customer-registered',
  version: 3,
  schema: z.object({
    customerId: z.string().min(1),
    firstName: z.string(),
    lastName: z.string(),
    emails: z.array(z.email()).min(1),
  }),
  topic: 'customers.events',
  key: (payload) => payload.customerId,
  upcasters: {
    1: (older) => {
      const { name, ...rest } = v1Schema.parse(older);
      const [firstName, ...lastNames] = name.split(' ');
      return { ...rest, firstName, lastName: lastNames.join(' ') };
    },
    2: (older) => {
      const { email, ...rest } = v2Schema.parse(older);
      return { ...rest, emails: [email] };
    },
  },
});
const catalogue = new EventCatalogue([customerRegistered]);

const payload = {
  customerId: 'c-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: ['ada@example.com'],
};
const metadata = {
  source: 'customers-worker',
  trackingId: 't-1',
  causationId: 'e-0',
  correlationId: 'r-1',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'vendor=opaque',
};
const time = new Date('2024-05-01T10:20:30.456Z');

/** Turns an encoded event into what kafkajs hands a consumer: every header and the key as a Buffer. */
function asConsumed(encoded: EncodedEvent): RawEvent {
  const headers: Record<string, RawHeaderValue> = {};
  for (const [name, value] of Object.entries(encoded.headers)) headers[name] = Buffer.from(value);
  return { key: Buffer.from(encoded.key), value: encoded.value, headers };
}

function consumed(
  overrides: Partial<RawEvent> = {},
  headers: Record<string, RawHeaderValue> = {},
): RawEvent {
  const raw = asConsumed(
    encodeEvent(
      customerRegistered,
      createEvent(customerRegistered, payload, { ...metadata, time }),
    ),
  );
  return { ...raw, ...overrides, headers: { ...raw.headers, ...headers } };
}

function decodeError(raw: RawEvent): unknown {
  try {
    decodeEvent(catalogue, raw);
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected decodeEvent to throw');
}

describe('event codec', () => {
  describe('createEvent', () => {
    it('validates the payload, derives the key and fills id and time when metadata leaves them out', () => {
      const event = createEvent(
        customerRegistered,
        { ...payload, extra: true },
        { source: 'customers-api' },
      );

      expect(event).toMatchObject({
        type: 'customers.customer-registered',
        version: 3,
        key: 'c-42',
        source: 'customers-api',
        payload,
      });
      expect(event.payload).not.toHaveProperty('extra');
      expect(event.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(Date.now() - event.time.getTime()).toBeLessThan(5_000);
      expect(event).not.toHaveProperty('trackingId');
    });

    it('keeps the given id, time, tracking, causation, correlation and trace context when metadata has them', () => {
      const event = createEvent(customerRegistered, payload, { ...metadata, id: 'e-1', time });

      expect(event).toMatchObject({
        id: 'e-1',
        time,
        trackingId: 't-1',
        causationId: 'e-0',
        correlationId: 'r-1',
        traceparent: metadata.traceparent,
        tracestate: 'vendor=opaque',
      });
    });

    it('throws SchemaViolationError listing each issue when the payload violates the schema', () => {
      const create = () =>
        createEvent(customerRegistered, { ...payload, customerId: '', emails: ['nope'] }, metadata);

      expect(create).toThrow(SchemaViolationError);
      expect(create).toThrow(
        expect.objectContaining({
          issues: [expect.stringMatching(/^customerId: /), expect.stringMatching(/^emails\.0: /)],
        }),
      );
    });

    it('throws MalformedEventError when the source is empty', () => {
      expect(() => createEvent(customerRegistered, payload, { source: '' })).toThrow(
        MalformedEventError,
      );
    });
  });

  describe('encodeEvent', () => {
    it('writes binary-mode CloudEvents headers and the JSON payload when given an envelope', () => {
      const encoded = encodeEvent(
        customerRegistered,
        createEvent(customerRegistered, payload, { ...metadata, id: 'e-1', time }),
      );

      expect(encoded).toEqual({
        topic: 'customers.events',
        key: 'c-42',
        value: Buffer.from(JSON.stringify(payload)),
        headers: {
          ce_specversion: '1.0',
          ce_id: 'e-1',
          ce_source: 'customers-worker',
          ce_type: 'customers.customer-registered',
          ce_time: '2024-05-01T10:20:30.456Z',
          'content-type': 'application/json',
          ce_dataversion: '3',
          ce_trackingid: 't-1',
          ce_causationid: 'e-0',
          ce_correlationid: 'r-1',
          ce_traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          ce_tracestate: 'vendor=opaque',
        },
      });
    });

    it('leaves out the tracking, causation, correlation and trace headers when the envelope has none', () => {
      const encoded = encodeEvent(
        customerRegistered,
        createEvent(customerRegistered, payload, { source: 's' }),
      );

      expect(Object.keys(encoded.headers)).not.toEqual(
        expect.arrayContaining([CloudEventHeaders.trackingId]),
      );
      expect(encoded.headers).not.toHaveProperty(CloudEventHeaders.causationId);
      expect(encoded.headers).not.toHaveProperty(CloudEventHeaders.correlationId);
      expect(encoded.headers).not.toHaveProperty(CloudEventHeaders.traceparent);
      expect(encoded.headers).not.toHaveProperty(CloudEventHeaders.tracestate);
    });

    it('throws InvalidEventDefinitionError when the envelope is of another type', () => {
      const other = defineEvent({
        type: 'orders.order-placed',
        schema: z.object({}),
        topic: 'orders.events',
        key: () => 'k',
      });
      const envelope = createEvent(customerRegistered, payload, metadata);

      expect(() => encodeEvent(other, envelope)).toThrow(InvalidEventDefinitionError);
    });
  });

  describe('decodeEvent', () => {
    it('gives back the same envelope when decoding what was encoded', () => {
      const envelope = createEvent(customerRegistered, payload, metadata);

      expect(decodeEvent(catalogue, asConsumed(encodeEvent(customerRegistered, envelope)))).toEqual(
        envelope,
      );
    });

    it('reads headers when they are strings, Buffers or arrays in any letter case', () => {
      const raw = consumed(
        {},
        {
          ce_id: 'e-7',
          ce_source: [Buffer.from('kcat'), 'ignored'],
          ce_trackingid: ['t-9'],
          'content-type': undefined,
          'Content-Type': 'application/json; charset=UTF-8',
        },
      );

      expect(decodeEvent(catalogue, raw)).toMatchObject({
        id: 'e-7',
        source: 'kcat',
        trackingId: 't-9',
      });
    });

    it('takes the key from the message when the message has one', () => {
      expect(decodeEvent(catalogue, consumed({ key: 'partition-7' })).key).toBe('partition-7');
    });

    it('derives the key from the payload when the message key is null', () => {
      expect(decodeEvent(catalogue, consumed({ key: null })).key).toBe('c-42');
    });

    it('upcasts a version 1 payload through version 2 to the current version 3', () => {
      const v1 = { customerId: 'c-1', name: 'Grace Brewster Hopper', email: 'grace@example.com' };
      const raw = consumed({ value: Buffer.from(JSON.stringify(v1)) }, { ce_dataversion: '1' });

      expect(decodeEvent(catalogue, raw)).toMatchObject({
        version: 3,
        payload: {
          customerId: 'c-1',
          firstName: 'Grace',
          lastName: 'Brewster Hopper',
          emails: ['grace@example.com'],
        },
      });
    });

    it('upcasts from version 2 when the data version says 2', () => {
      const v2 = {
        customerId: 'c-2',
        firstName: 'Alan',
        lastName: 'Turing',
        email: 'alan@example.com',
      };
      const raw = consumed(
        { value: Buffer.from(JSON.stringify(v2)) },
        { ce_dataversion: Buffer.from('2') },
      );

      expect(decodeEvent(catalogue, raw).payload).toEqual({
        customerId: 'c-2',
        firstName: 'Alan',
        lastName: 'Turing',
        emails: ['alan@example.com'],
      });
    });

    it('treats the event as version 1 when the data version header is absent', () => {
      const v1 = { customerId: 'c-1', name: 'Edsger Dijkstra', email: 'ewd@example.com' };
      const raw = consumed(
        { value: Buffer.from(JSON.stringify(v1)) },
        { ce_dataversion: undefined },
      );

      expect(decodeEvent(catalogue, raw).payload).toMatchObject({
        firstName: 'Edsger',
        emails: ['ewd@example.com'],
      });
    });

    it.each(['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time'])(
      'throws MissingHeaderError when %s is missing',
      (header) => {
        const error = decodeError(consumed({}, { [header]: undefined }));

        expect(error).toBeInstanceOf(MissingHeaderError);
        expect(error).toMatchObject({ header, code: 'missing-header' });
      },
    );

    it('throws MissingHeaderError when a required header is empty', () => {
      expect(decodeError(consumed({}, { ce_id: Buffer.alloc(0) }))).toMatchObject({
        header: 'ce_id',
      });
    });

    it('throws UnsupportedSpecVersionError when the spec version is not 1.0', () => {
      expect(decodeError(consumed({}, { ce_specversion: '0.3' }))).toBeInstanceOf(
        UnsupportedSpecVersionError,
      );
    });

    it.each(['application/avro', 'text/plain', 'application/json; charset=iso-8859-1'])(
      'throws UnsupportedContentTypeError when the content type is %p',
      (contentType) => {
        const error = decodeError(consumed({}, { 'content-type': contentType }));

        expect(error).toBeInstanceOf(UnsupportedContentTypeError);
        expect(error).toMatchObject({ contentType });
      },
    );

    it('accepts the event when the content type header is absent', () => {
      expect(decodeEvent(catalogue, consumed({}, { 'content-type': undefined })).payload).toEqual(
        payload,
      );
    });

    it('throws UnknownEventTypeError when the catalogue does not declare the type', () => {
      expect(decodeError(consumed({}, { ce_type: 'orders.order-placed' }))).toMatchObject({
        eventType: 'orders.order-placed',
        code: 'unknown-event-type',
      });
      expect(decodeError(consumed({}, { ce_type: 'orders.order-placed' }))).toBeInstanceOf(
        UnknownEventTypeError,
      );
    });

    it.each(['0', '4', '2.5', 'two', '-1', ''])(
      'throws UnknownEventVersionError when the data version is %p',
      (dataVersion) => {
        const error = decodeError(consumed({}, { ce_dataversion: dataVersion }));

        expect(error).toBeInstanceOf(UnknownEventVersionError);
        expect(error).toMatchObject({ dataVersion, currentVersion: 3 });
      },
    );

    it('leaves out a trace context that holds a NUL character, rather than refuse the event', () => {
      const raw = consumed({}, { ce_traceparent: '00-\u0000', ce_tracestate: 'a=\u0000' });

      const event = decodeEvent(catalogue, raw);

      expect(event).not.toHaveProperty('traceparent');
      expect(event).not.toHaveProperty('tracestate');
      expect(event.correlationId).toBe('r-1');
    });

    it('throws MalformedEventError when the time is not a date', () => {
      const error = decodeError(consumed({}, { ce_time: 'yesterday' }));

      expect(error).toBeInstanceOf(MalformedEventError);
      expect(error).toMatchObject({ message: expect.stringContaining("'yesterday'") });
    });

    it.each([
      ['null', null],
      ['empty', Buffer.alloc(0)],
      ['not JSON', Buffer.from('{"customerId": ')],
    ])('throws MalformedEventError when the value is %s', (_, value) => {
      expect(decodeError(consumed({ value }))).toBeInstanceOf(MalformedEventError);
    });

    it('throws SchemaViolationError with path and message when the payload violates the schema', () => {
      const error = decodeError(
        consumed({ value: Buffer.from(JSON.stringify({ ...payload, emails: [] })) }),
      );

      expect(error).toBeInstanceOf(SchemaViolationError);
      expect(error).toMatchObject({ issues: [expect.stringMatching(/^emails: .+/)] });
    });

    it('throws SchemaViolationError when an older payload fails its upcaster', () => {
      const raw = consumed(
        { value: Buffer.from(JSON.stringify({ customerId: 'c-1' })) },
        { ce_dataversion: '1' },
      );

      expect(decodeError(raw)).toMatchObject({
        code: 'schema-violation',
        issues: expect.arrayContaining([expect.stringMatching(/^name: /)]),
      });
    });

    it('reports the first failed check when the event has several defects', () => {
      expect(
        decodeError(consumed({ value: null }, { ce_specversion: '0.3', ce_source: undefined })),
      ).toBeInstanceOf(MissingHeaderError);
      expect(
        decodeError(consumed({ value: null }, { ce_specversion: '0.3', ce_type: 'x.y' })),
      ).toBeInstanceOf(UnsupportedSpecVersionError);
      expect(
        decodeError(consumed({ value: null }, { 'content-type': 'text/xml', ce_type: 'x.y' })),
      ).toBeInstanceOf(UnsupportedContentTypeError);
      expect(
        decodeError(consumed({ value: null }, { ce_type: 'x.y', ce_dataversion: '9' })),
      ).toBeInstanceOf(UnknownEventTypeError);
      expect(
        decodeError(consumed({ value: null }, { ce_dataversion: '9', ce_time: 'never' })),
      ).toBeInstanceOf(UnknownEventVersionError);
      expect(decodeError(consumed({ value: null }, { ce_time: 'never' }))).toMatchObject({
        message: expect.stringContaining("'never'"),
      });
    });
  });

  describe('readHeader', () => {
    const raw: RawEvent = {
      key: null,
      value: null,
      headers: {
        ce_id: Buffer.from('e-1'),
        ce_source: 'api',
        ce_trackingid: [Buffer.from('t-1'), 't-2'],
        'Content-Type': 'application/json',
        empty: [],
      },
    };

    it.each([
      ['ce_id', 'e-1'],
      ['ce_source', 'api'],
      ['ce_trackingid', 't-1'],
      ['content-type', 'application/json'],
      ['ce_type', undefined],
      ['empty', undefined],
    ])(
      'reads %s as %p when the header is a Buffer, a string, an array or absent',
      (name, expected) => {
        expect(readHeader(raw, name)).toBe(expected);
      },
    );

    it('returns undefined instead of throwing when the headers are not an object', () => {
      const broken = { key: null, value: null, headers: 42 } as unknown as RawEvent;

      expect(readHeader(broken, 'ce_trackingid')).toBeUndefined();
    });
  });
});
