import { RawEvent } from '@app/events';

/** One record fetched from a partition, in the shape the pipeline needs (no client types). */
export interface InboundMessage extends RawEvent {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Broker timestamp, milliseconds since the epoch. */
  readonly timestamp: number;
}
