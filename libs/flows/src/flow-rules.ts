import { OrderPaymentFailed, OrderRequestRejected, PlaceOrder, ShipmentCreated } from '@app/events';

/** The states of a flow; `stuck` is read at the time of asking, never stored. */
export const FlowStates = {
  running: 'running',
  completed: 'completed',
  rejected: 'rejected',
  stuck: 'stuck',
  deadLettered: 'dead-lettered',
} as const;

export type FlowState = (typeof FlowStates)[keyof typeof FlowStates];

/** What a flow's stored summary says: its terminal state, or that it is still running. */
export type StoredFlowState = Exclude<FlowState, 'stuck'>;

/**
 * What a hop is: a command on an input topic, a fact on an output topic, a dead letter, or a dead
 * letter sent back to its topic (`npm run dlq -- replay`).
 */
export const HopKinds = {
  command: 'command',
  fact: 'fact',
  deadLetter: 'dead-letter',
  replayed: 'replayed',
} as const;

export type HopKind = (typeof HopKinds)[keyof typeof HopKinds];

/** One event of a flow, as the flows view records it. */
export interface Hop {
  readonly topic: string;
  readonly eventId: string;
  readonly type: string;
  /** The service that published it, or, for a dead letter, the one that set it apart. */
  readonly service: string;
  readonly kind: HopKind;
  readonly time: Date;
  readonly causationId?: string;
  /** Why it was set apart, for a dead letter. */
  readonly deadLetter?: { readonly code: string; readonly reason: string };
}

/** A hop in its flow's order, with its latencies in milliseconds. */
export interface PlacedHop extends Hop {
  /** Since the hop before it (0 for the first). */
  readonly sincePreviousMs: number;
  /** Since the flow's first hop. */
  readonly sinceStartMs: number;
}

/** What a flow's hops say about it, regardless of the time of asking. */
export interface FlowSummary {
  /** Its type: the type of the event that started it (`orders.place-order`). */
  readonly flow: string;
  readonly state: StoredFlowState;
  readonly startedAt: Date;
  readonly lastHopAt: Date;
  /** When it reached its terminal state. */
  readonly endedAt?: Date;
}

/** The facts that end a flow of one type, when it goes on past the first fact of its service. */
interface FlowEnds {
  readonly completed: readonly string[];
  readonly rejected: readonly string[];
}

/**
 * The flows that cross services: an order is completed when shipping has its shipment (paid,
 * addressed or waiting for its customer's address), rejected when it is refused or its payment
 * fails. Every other flow ends at the first fact its starting service publishes: rejected when
 * that fact's type says `-rejected` or `-failed`, completed otherwise.
 */
const FLOW_ENDS: Readonly<Record<string, FlowEnds>> = {
  [PlaceOrder.type]: {
    completed: [ShipmentCreated.type],
    rejected: [OrderPaymentFailed.type, OrderRequestRejected.type],
  },
};

const REFUSAL = /-(rejected|failed)$/;

/** Orders hops by time, a cause before its effects when they share a time. */
export function orderHops(hops: readonly Hop[]): PlacedHop[] {
  const byId = new Map(hops.map((hop) => [hop.eventId, hop]));
  const depth = (hop: Hop, seen = new Set<Hop>()): number => {
    const cause = hop.causationId === undefined ? undefined : byId.get(hop.causationId);
    if (!cause || cause === hop || seen.has(hop)) return 0;
    seen.add(hop);
    return 1 + depth(cause, seen);
  };
  const sorted = hops
    .map((hop) => ({ hop, depth: depth(hop) }))
    .sort(
      (a, b) =>
        a.hop.time.getTime() - b.hop.time.getTime() ||
        a.depth - b.depth ||
        kindRank(a.hop) - kindRank(b.hop),
    )
    .map(({ hop }) => hop);
  const start = sorted[0]?.time.getTime() ?? 0;
  return sorted.map((hop, i) => ({
    ...hop,
    sincePreviousMs: i === 0 ? 0 : hop.time.getTime() - sorted[i - 1].time.getTime(),
    sinceStartMs: hop.time.getTime() - start,
  }));
}

/** A dead letter comes after the event it copies, and its replay after it. */
function kindRank(hop: Hop): number {
  if (hop.kind === HopKinds.deadLetter) return 1;
  return hop.kind === HopKinds.replayed ? 2 : 0;
}

/**
 * Summarizes a flow from its hops: its type is its first hop's; it is dead-lettered when any of
 * its events was set apart and not replayed since, else it ends at its first terminal fact (see
 * `FLOW_ENDS`), else it runs.
 * @throws Error when given no hop.
 */
export function summarize(hops: readonly Hop[]): FlowSummary {
  const ordered = orderHops(hops);
  const first = ordered[0];
  if (!first) throw new Error('A flow has at least one hop');
  const flow = first.type;
  const last = ordered[ordered.length - 1];
  const base = { flow, startedAt: first.time, lastHopAt: last.time };
  const replayed = new Set(
    ordered.flatMap((hop) => (hop.kind === HopKinds.replayed ? [hop.eventId] : [])),
  );
  const deadLetter = ordered.find(
    (hop) => hop.kind === HopKinds.deadLetter && !replayed.has(hop.eventId),
  );
  if (deadLetter) return { ...base, state: FlowStates.deadLettered, endedAt: deadLetter.time };
  for (const hop of ordered) {
    const state = terminalStateOf(flow, hop);
    if (state) return { ...base, state, endedAt: hop.time };
  }
  return { ...base, state: FlowStates.running };
}

/** Returns the state `hop` ends a flow of type `flow` in, if it ends it. */
function terminalStateOf(flow: string, hop: Hop): StoredFlowState | undefined {
  if (hop.kind !== HopKinds.fact) return undefined;
  const ends = FLOW_ENDS[flow];
  if (ends) {
    if (ends.completed.includes(hop.type)) return FlowStates.completed;
    return ends.rejected.includes(hop.type) ? FlowStates.rejected : undefined;
  }
  if (serviceOfType(hop.type) !== serviceOfType(flow)) return undefined;
  return REFUSAL.test(hop.type) ? FlowStates.rejected : FlowStates.completed;
}

/**
 * Returns a flow's state at `now`: its stored state, or `stuck` when it runs and has had no hop
 * for longer than `stuckAfterMs`.
 */
export function stateAt(summary: FlowSummary, now: Date, stuckAfterMs: number): FlowState {
  if (summary.state !== FlowStates.running) return summary.state;
  return now.getTime() - summary.lastHopAt.getTime() > stuckAfterMs
    ? FlowStates.stuck
    : FlowStates.running;
}

/** Returns the service an event type belongs to: `orders` of `orders.place-order`. */
function serviceOfType(type: string): string {
  return type.split('.')[0];
}
