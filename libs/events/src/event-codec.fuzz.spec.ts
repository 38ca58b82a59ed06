import fc from 'fast-check';
import { CloudEventHeaders } from './cloud-event-headers.constants';
import { EventError } from './errors/event.error';
import { createEvent, decodeEvent, encodeEvent } from './event-codec';
import { RawEvent } from './event-envelope';
import { customersCatalogue } from './catalogue/customers/customers.catalogue';
import { CreateCustomer } from './catalogue/customers/create-customer.event';
import { isStorableText } from './schema/stored-text';

const types = customersCatalogue.all().map((definition) => definition.type);

/** Text as any client may send it: NUL, lone surrogates and all. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '\u0000', '\uD800', '1.0', 'application/json', ...types),
);

/** A header value as a Kafka client hands it over: text, bytes, or several values. */
const headerValue = fc.oneof(
  anyText,
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.array(anyText, { minLength: 1, maxLength: 2 }),
);

/** Mostly the valid thing, sometimes anything: so that both paths of the decoder are walked. */
function mostly<T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: other, weight: 1 });
}

const words = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
  .filter((text) => text.trim().length > 0);

/** A payload that is mostly a create-customer of the right shape, sometimes anything at all. */
const value = mostly(
  fc
    .record({
      customerId: mostly(fc.uuid(), anyText),
      name: mostly(words, anyText),
      email: mostly(fc.stringMatching(/^[a-z0-9]{1,10}@[a-z]{1,10}\.[a-z]{2,5}$/), anyText),
      address: fc.record({
        street: mostly(words, anyText),
        city: mostly(words, anyText),
        postalCode: mostly(fc.constantFrom('1000', 'B-1000'), anyText),
        country: mostly(fc.constantFrom('BE', 'fr'), anyText),
      }),
    })
    .map((payload) => Buffer.from(JSON.stringify(payload))),
  fc.oneof(
    fc.constant(null),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue().map((json) => Buffer.from(JSON.stringify(json) ?? 'null')),
  ),
);

/** Headers that are mostly right: each CloudEvents header mostly valid, sometimes anything. */
const headers = fc.record(
  {
    [CloudEventHeaders.specVersion]: mostly(fc.constant('1.0'), headerValue),
    [CloudEventHeaders.id]: mostly(fc.uuid(), headerValue),
    [CloudEventHeaders.source]: mostly(fc.constant('fuzz'), headerValue),
    [CloudEventHeaders.type]: mostly(fc.constant(CreateCustomer.type), headerValue),
    [CloudEventHeaders.time]: mostly(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      headerValue,
    ),
    [CloudEventHeaders.contentType]: mostly(fc.constant('application/json'), headerValue),
    [CloudEventHeaders.dataVersion]: mostly(fc.constant('1'), headerValue),
    [CloudEventHeaders.trackingId]: mostly(fc.uuid(), headerValue),
    [CloudEventHeaders.causationId]: mostly(fc.uuid(), headerValue),
    other: headerValue,
  },
  {
    requiredKeys: [
      CloudEventHeaders.specVersion,
      CloudEventHeaders.id,
      CloudEventHeaders.source,
      CloudEventHeaders.type,
      CloudEventHeaders.time,
    ],
  },
);

const rawEvent: fc.Arbitrary<RawEvent> = fc.record({
  key: fc.oneof(
    fc.constant(null),
    anyText,
    fc.uint8Array().map((b) => Buffer.from(b)),
  ),
  value,
  headers,
});

describe('decodeEvent on arbitrary bytes and headers', () => {
  it('returns an event whose every attribute can be stored, or throws an EventError, never anything else', () => {
    let accepted = 0;
    fc.assert(
      fc.property(rawEvent, (raw) => {
        let decoded;
        try {
          decoded = decodeEvent(customersCatalogue, raw);
        } catch (error) {
          expect(error).toBeInstanceOf(EventError);
          return;
        }
        accepted++;
        for (const attribute of [
          decoded.id,
          decoded.source,
          decoded.type,
          decoded.trackingId,
          decoded.causationId,
        ]) {
          if (attribute !== undefined) expect(isStorableText(attribute)).toBe(true);
        }
        const schema = customersCatalogue.get(decoded.type).schema;
        expect(schema.safeParse(decoded.payload).success).toBe(true);
        const text = JSON.stringify(decoded.payload);
        expect(isStorableText(JSON.parse(text) === null ? '' : text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // Both paths were walked: some events decoded, and far from all.
    expect(accepted).toBeGreaterThan(30);
    expect(accepted).toBeLessThan(2700);
  });

  it('gives back what createEvent and encodeEvent made, for any payload the schema accepts', () => {
    const fields = fc.record({
      customerId: fc.uuid(),
      name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }),
      email: fc.emailAddress(),
      address: fc.record({
        street: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }),
        city: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }),
        postalCode: fc.string({ minLength: 1, maxLength: 10 }),
        country: fc.constantFrom('BE', 'NL', 'fr'),
      }),
    });
    fc.assert(
      fc.property(fields, (payload) => {
        const parsed = CreateCustomer.schema.safeParse(payload);
        fc.pre(parsed.success);
        const event = createEvent(CreateCustomer, payload, { source: 'fuzz', trackingId: 'fz-1' });
        const encoded = encodeEvent(CreateCustomer, event);
        const decoded = decodeEvent(customersCatalogue, encoded);
        expect(decoded).toEqual({ ...event, key: encoded.key });
        expect(decoded.payload).toEqual(parsed.data);
      }),
      { numRuns: 500 },
    );
  });
});
