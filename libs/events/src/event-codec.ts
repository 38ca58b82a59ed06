import { randomUUID } from 'node:crypto';
import {
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeaders,
  JSON_CONTENT_TYPE,
} from './cloud-event-headers.constants';
import { EventCatalogue } from './event-catalogue';
import { EventDefinition, PayloadOf } from './event-definition';
import { EncodedEvent, EventEnvelope, ObservedPayload, RawEvent } from './event-envelope';
import { parseJsonValue, parsePayload, upcastPayload } from './event-payload';
import { isStorableText } from './schema/stored-text';
import { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';
import { MalformedEventError } from './errors/malformed-event.error';
import { MissingHeaderError } from './errors/missing-header.error';
import { UnknownEventVersionError } from './errors/unknown-event-version.error';
import { UnsupportedContentTypeError } from './errors/unsupported-content-type.error';
import { UnsupportedSpecVersionError } from './errors/unsupported-spec-version.error';

/** The envelope's optional attributes, each sent as its header in `CloudEventHeaders` when present. */
const OPTIONAL_ATTRIBUTES = [
  'trackingId',
  'causationId',
  'correlationId',
  'traceparent',
  'tracestate',
  'onBehalfOf',
] as const;

type OptionalAttributes = { [A in (typeof OPTIONAL_ATTRIBUTES)[number]]?: string };

/** Returns the optional attributes that have a value, leaving the absent ones out. */
function optionalAttributes(values: OptionalAttributes): OptionalAttributes {
  return Object.fromEntries(
    OPTIONAL_ATTRIBUTES.flatMap((attribute) =>
      values[attribute] === undefined ? [] : [[attribute, values[attribute]]],
    ),
  );
}

/** Describes who produces an event and why, as the producer passes it to `createEvent`. */
export interface EventMetadata {
  source: string;
  trackingId?: string;
  causationId?: string;
  /** The request that started the flow (see `EventEnvelope.correlationId`). */
  correlationId?: string;
  /** The W3C trace context of the producing span (see `EventEnvelope.traceparent`). */
  traceparent?: string;
  tracestate?: string;
  /** The customer a command acts for (see `EventEnvelope.onBehalfOf`). */
  onBehalfOf?: string;
  /** @default randomUUID() */
  id?: string;
  /** @default new Date() */
  time?: Date;
}

/**
 * Creates an event of a declared type, validating its payload and deriving its partition key.
 *
 * @throws SchemaViolationError when the payload does not satisfy the definition's schema.
 * @throws MalformedEventError when the metadata's source or id is empty.
 */
export function createEvent<D extends EventDefinition>(
  definition: D,
  payload: PayloadOf<D> | unknown,
  metadata: EventMetadata,
): EventEnvelope<PayloadOf<D>> {
  const id = metadata.id ?? randomUUID();
  if (metadata.source.length === 0 || id.length === 0) {
    throw new MalformedEventError(
      `Event '${definition.type}' needs a non-empty source and id; pass the producing ` +
        `service's name as source and leave id out to get a fresh UUID`,
    );
  }
  // The data comes out of this definition's own schema, so it is the definition's payload type.
  const parsed = parsePayload(definition, payload) as PayloadOf<D>;
  return {
    id,
    type: definition.type,
    version: definition.version,
    source: metadata.source,
    time: metadata.time ?? new Date(),
    ...optionalAttributes(metadata),
    key: definition.keyOf(parsed),
    payload: parsed,
  };
}

/**
 * Encodes an event as a binary-mode CloudEvent: attributes in headers, JSON payload as value.
 *
 * @throws InvalidEventDefinitionError when the envelope's type is not the definition's type.
 */
export function encodeEvent(definition: EventDefinition, envelope: EventEnvelope): EncodedEvent {
  if (envelope.type !== definition.type) {
    throw new InvalidEventDefinitionError(
      `Cannot encode an event of type '${envelope.type}' with the definition of ` +
        `'${definition.type}'; pass the definition the event was created with`,
    );
  }
  const headers: Record<string, string> = {
    [CloudEventHeaders.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
    [CloudEventHeaders.id]: envelope.id,
    [CloudEventHeaders.source]: envelope.source,
    [CloudEventHeaders.type]: envelope.type,
    [CloudEventHeaders.time]: envelope.time.toISOString(),
    [CloudEventHeaders.contentType]: JSON_CONTENT_TYPE,
    [CloudEventHeaders.dataVersion]: String(envelope.version),
  };
  for (const attribute of OPTIONAL_ATTRIBUTES) {
    const value = envelope[attribute];
    if (value !== undefined) headers[CloudEventHeaders[attribute]] = value;
  }
  return {
    topic: definition.topic,
    key: envelope.key,
    value: Buffer.from(JSON.stringify(envelope.payload), 'utf8'),
    headers,
  };
}

const REQUIRED_HEADERS = [
  CloudEventHeaders.specVersion,
  CloudEventHeaders.id,
  CloudEventHeaders.source,
  CloudEventHeaders.type,
  CloudEventHeaders.time,
] as const;

/**
 * Decodes a consumed binary-mode CloudEvent, upcasting its payload to the current version (the
 * returned envelope carries the current version) and deriving the key when the message has none.
 *
 * @throws MissingHeaderError when a required CloudEvents header is absent or empty.
 * @throws UnsupportedSpecVersionError when the spec version is not 1.0.
 * @throws UnsupportedContentTypeError when the content type is present and not JSON.
 * @throws UnknownEventTypeError when the catalogue does not declare the type.
 * @throws UnknownEventVersionError when the data version is not an integer from 1 to the current.
 * @throws MalformedEventError when the time is invalid, the value is empty or not JSON, or an
 *   upcaster fails.
 * @throws SchemaViolationError when the payload, upcast to the current version, does not satisfy
 *   the schema (or an upcaster's own parse of the older version fails).
 */
export function decodeEvent(catalogue: EventCatalogue, raw: RawEvent): EventEnvelope {
  const [specVersion, id, source, type, time] = requiredHeaders(raw);
  if (specVersion !== CLOUD_EVENTS_SPEC_VERSION) throw new UnsupportedSpecVersionError(specVersion);
  const contentType = readHeader(raw, CloudEventHeaders.contentType);
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    throw new UnsupportedContentTypeError(contentType);
  }
  const definition = catalogue.get(type);
  const version = readDataVersion(raw, definition);
  const attributes = attributesOf(raw, id, source, type, time);
  const payload = parsePayload(
    definition,
    upcastPayload(definition, version, parseJsonValue(raw.value, type, id)),
  );
  // Our producers never send an empty key; a null or empty one comes from a hand-made event.
  const key = raw.key === null || raw.key.length === 0 ? definition.keyOf(payload) : text(raw.key);
  return { ...attributes, version: definition.version, key, payload };
}

/**
 * Decodes a consumed binary-mode CloudEvent of any type, as an observer reads it: its attributes
 * from its headers; as payload, where the record is (`at`), every header as text and the JSON value the record holds (null
 * when it holds none), neither validated nor upcast; `version` is its data version header (1 when
 * absent or unreadable).
 *
 * @throws MissingHeaderError when a required CloudEvents header is absent or empty.
 * @throws UnsupportedSpecVersionError when the spec version is not 1.0.
 * @throws MalformedEventError when the time is invalid or a header cannot be stored.
 */
export function decodeObservedEvent(
  raw: RawEvent,
  at: { readonly topic: string; readonly partition: number; readonly offset: bigint },
): EventEnvelope<ObservedPayload> {
  const [specVersion, id, source, type, time] = requiredHeaders(raw);
  if (specVersion !== CLOUD_EVENTS_SPEC_VERSION) throw new UnsupportedSpecVersionError(specVersion);
  const version = Number(readHeader(raw, CloudEventHeaders.dataVersion) ?? 1);
  return {
    ...attributesOf(raw, id, source, type, time),
    version: Number.isSafeInteger(version) && version >= 1 ? version : 1,
    key: raw.key === null ? '' : text(raw.key),
    payload: {
      topic: at.topic,
      partition: at.partition,
      offset: at.offset.toString(),
      headers: Object.fromEntries(
        Object.keys(raw.headers).flatMap((name) => {
          const value = readHeader(raw, name);
          return value === undefined ? [] : [[name, value]];
        }),
      ),
      value: jsonOrNull(raw.value),
    },
  };
}

function requiredHeaders(raw: RawEvent): string[] {
  return REQUIRED_HEADERS.map((name) => {
    const value = readHeader(raw, name);
    if (value === undefined || value.length === 0) throw new MissingHeaderError(name);
    return storableHeader(name, value);
  });
}

/** Reads the attributes every event has besides its version, key and payload. */
function attributesOf(
  raw: RawEvent,
  id: string,
  source: string,
  type: string,
  time: string,
): Omit<EventEnvelope, 'version' | 'key' | 'payload'> {
  const occurredAt = new Date(time);
  if (Number.isNaN(occurredAt.getTime())) {
    throw new MalformedEventError(
      `Event '${type}' (id '${id}') has '${CloudEventHeaders.time}' '${time}', which is not a ` +
        `date; producers must send an ISO 8601 timestamp such as '2024-01-31T12:00:00.000Z'`,
    );
  }
  return {
    id,
    type,
    source,
    time: occurredAt,
    ...optionalAttributes(
      Object.fromEntries(
        OPTIONAL_ATTRIBUTES.map((name) => [
          name,
          TRACE_ATTRIBUTES.has(name)
            ? traceHeader(raw, CloudEventHeaders[name])
            : optionalHeader(raw, CloudEventHeaders[name]),
        ]),
      ),
    ),
  };
}

function jsonOrNull(value: Buffer | null): unknown {
  try {
    return value === null ? null : (JSON.parse(value.toString('utf8')) as unknown);
  } catch {
    return null;
  }
}

/**
 * Reads one header as text, best effort: tolerates Buffers, strings, arrays (first value wins)
 * and header names in another letter case; never throws, so it can read the tracking id of an
 * event that fails to decode.
 */
export function readHeader(raw: RawEvent, name: string): string | undefined {
  try {
    const headers = raw.headers ?? {};
    let found = headers[name];
    if (found === undefined || found === null) {
      const other = namedAs(headers, name);
      if (other !== undefined) found = headers[other];
    }
    const first = Array.isArray(found) ? found[0] : found;
    return first === undefined || first === null ? undefined : text(first);
  } catch {
    return undefined;
  }
}

/**
 * The first header name equal to `name` but for case, if any. Read for every absent optional
 * header of every event: names of another length are passed over without lower-casing them.
 */
function namedAs(headers: RawEvent['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const candidate in headers)
    if (candidate.length === name.length && candidate.toLowerCase() === lower) return candidate;
  return undefined;
}

/**
 * Reads the tracking id of a message, best effort like `readHeader`, and only when it can be
 * stored: a request whose id holds a NUL character cannot be answered, and must not stop the
 * worker from recording the answers of others.
 */
export function readTrackingId(raw: RawEvent): string | undefined {
  const trackingId = readHeader(raw, CloudEventHeaders.trackingId);
  return trackingId !== undefined && isStorableText(trackingId) ? trackingId : undefined;
}

/**
 * Returns a header's text when PostgreSQL can store it and UTF-8 encode it: ids, sources and
 * types end up in outcomes, outbox rows and derived events.
 * @throws MalformedEventError when it holds a NUL character or an unpaired surrogate.
 */
function storableHeader(name: string, value: string): string {
  if (isStorableText(value)) return value;
  throw new MalformedEventError(
    `Header '${name}' holds a NUL character or an unpaired UTF-16 surrogate; producers must send text`,
  );
}

/** The attributes a consumer ignores when they are unusable, as W3C Trace Context asks. */
const TRACE_ATTRIBUTES: ReadonlySet<string> = new Set(['traceparent', 'tracestate']);

/** Reads a trace header, leaving out one that could not be stored (the event starts a new trace). */
function traceHeader(raw: RawEvent, name: string): string | undefined {
  const value = readHeader(raw, name);
  return value !== undefined && isStorableText(value) ? value : undefined;
}

function optionalHeader(raw: RawEvent, name: string): string | undefined {
  const value = readHeader(raw, name);
  return value === undefined ? undefined : storableHeader(name, value);
}

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}

function isJsonContentType(contentType: string): boolean {
  const [mediaType, ...parameters] = contentType
    .split(';')
    .map((part) => part.trim().toLowerCase());
  return (
    mediaType === JSON_CONTENT_TYPE &&
    parameters.every((parameter) => {
      const [name, value] = parameter.split('=').map((part) => part.trim());
      return name !== 'charset' || value?.replace(/"/g, '') === 'utf-8';
    })
  );
}

function readDataVersion(raw: RawEvent, definition: EventDefinition): number {
  const header = readHeader(raw, CloudEventHeaders.dataVersion);
  if (header === undefined) return 1;
  const version = /^\d+$/.test(header) ? Number(header) : Number.NaN;
  if (!Number.isSafeInteger(version) || version < 1 || version > definition.version) {
    throw new UnknownEventVersionError(definition.type, header, definition.version);
  }
  return version;
}
