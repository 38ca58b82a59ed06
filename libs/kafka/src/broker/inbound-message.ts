import { RawEvent } from '@app/events';

/** One record fetched from a partition, in the shape the pipeline needs (no client types). */
export interface InboundMessage extends RawEvent {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Broker timestamp, milliseconds since the epoch. */
  readonly timestamp: number;
}

/** A record as the Kafka clients hand it over (kafkajs's shape, which librdkafka's promise API keeps). */
export interface ClientMessage {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: RawEvent['headers'];
  readonly timestamp: string;
}

/** Turns a client's record of `topic` and `partition` into the pipeline's shape. */
export function toInboundMessage(
  topic: string,
  partition: number,
  message: ClientMessage,
): InboundMessage {
  return {
    topic,
    partition,
    offset: BigInt(message.offset),
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: Number(message.timestamp),
  };
}
