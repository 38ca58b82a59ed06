import { InboundBatch } from './inbound-batch';

/** Partitions of one topic assigned to this consumer. */
export interface TopicAssignment {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** Callbacks through which a consumer hands work to the pipeline. */
export interface ConsumerCallbacks {
  /** Handles one partition's batch; batches of one partition never overlap. */
  onBatch(batch: InboundBatch): Promise<void>;
  /** Returns, per assigned partition, where to resume (the next offset stored in PostgreSQL). */
  onAssigned(assignment: readonly TopicAssignment[]): Promise<Map<string, bigint>>;
  /** Called when the client gives up for good: the process must turn unready and exit. */
  onCrash(error: Error): void;
  /** Called on each membership change, for the status model. */
  onMembership(change: MembershipChange): void;
}

/** What changed in the consumer's membership. */
export type MembershipChange =
  | { readonly kind: 'connected' }
  | { readonly kind: 'joined'; readonly assignment: readonly TopicAssignment[] }
  | { readonly kind: 'rebalancing' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'disconnected' }
  /** The broker answered a heartbeat or a fetch: the member is still in touch. */
  | { readonly kind: 'answered' };

/** A consumer-group member: the only part of a Kafka client the worker depends on for input. */
export interface BrokerConsumer {
  /** How long the group waits for a silent member before it gives the member's partitions away. */
  readonly sessionTimeoutMs: number;
  /** Connects, joins the group for `topics` and starts handing batches to `callbacks`. */
  start(topics: readonly string[], callbacks: ConsumerCallbacks): Promise<void>;
  /** Stops fetching, waits for batches in hand, leaves the group and disconnects. */
  stop(): Promise<void>;
}

/** Builds the key under which `onAssigned` returns a partition's resume offset. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
