import { InboundMessage } from './inbound-message';

/** Records fetched from one partition, in offset order, with the controls the consumer lends while they are handled. */
export interface InboundBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly InboundMessage[];
  /** The partition's end offset when the batch was fetched, for the lag metric. */
  readonly highWatermark: bigint;
  /** Keeps the consumer's group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** Tells whether this batch may still be applied: false once the partition was revoked or the consumer is stopping. */
  isActive(): boolean;
  /** Records in the broker that everything below `nextOffset` is done (an optimisation: PostgreSQL holds the truth). */
  commit(nextOffset: bigint): Promise<void>;
}
