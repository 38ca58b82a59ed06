/** Describes one event as the application sees it: CloudEvents attributes plus a typed payload. */
export interface EventEnvelope<P = unknown> {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly source: string;
  readonly time: Date;
  readonly trackingId?: string;
  /** The id of the event whose handling produced this one; absent on a command an API sent. */
  readonly causationId?: string;
  /** The request that started the flow this event belongs to, across every service it crossed. */
  readonly correlationId?: string;
  /** The W3C trace context of the span that produced it (CloudEvents distributed tracing). */
  readonly traceparent?: string;
  /** The W3C `tracestate` of that span, when its trace has one. */
  readonly tracestate?: string;
  /**
   * The customer the request that made this command acts for, from the API caller's verified
   * token; absent when the caller may act for every owner, and on every event a worker emits.
   */
  readonly onBehalfOf?: string;
  readonly key: string;
  readonly payload: P;
}

/** Describes an event ready to produce: its topic, partition key, JSON value and headers. */
export interface EncodedEvent {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** Describes a header value as a Kafka client hands it over (kafkajs gives Buffers). */
export type RawHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** Describes a consumed Kafka message before decoding, independent of any Kafka client. */
export interface RawEvent {
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, RawHeaderValue>;
}

/** What an observer gets as the payload of a record of any type (`decodeObservedEvent`). */
export interface ObservedPayload {
  /** Where the record is: its topic, partition and offset (a decimal string). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Every header of the record, as text. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON value the record holds, unvalidated; null when it holds none. */
  readonly value: unknown;
}
