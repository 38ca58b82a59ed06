import {
  OrderCancelled,
  OrderPaymentFailed,
  OrderPlaced,
  OrderRequestRejected,
  PlaceOrder,
  ShipmentCreated,
} from '@app/events';

/** The states of a flow; `stuck` is read at the time of asking, never stored. */
export const FlowStates = {
  running: 'running',
  completed: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
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
  /** Its record's key: what it is about (an order id for the facts of an order). */
  readonly subject?: string;
  /**
   * For a fact of another flow that ends this one (an order's cancellation, a request of its
   * own): that flow's correlation id. The fact is a hop of both flows.
   */
  readonly fromFlow?: string;
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
  /**
   * The facts of other flows that cancel one of this type (`by`): those whose record key is the
   * key of this flow's `subjectOf` fact.
   */
  readonly cancelled?: { readonly by: readonly string[]; readonly subjectOf: string };
}

/**
 * The flows that cross services: an order is completed when shipping has its shipment (paid,
 * addressed or waiting for its customer's address), rejected when it is refused or its payment
 * fails, cancelled when its customer cancels it first (`OrderCancelled`, keyed like
 * `OrderPlaced` by the order id, is the fact of the cancelling request's flow). Every other flow
 * ends at the first fact its starting service publishes: rejected when that fact's type says
 * `-rejected` or `-failed`, completed otherwise.
 */
const FLOW_ENDS: Readonly<Record<string, FlowEnds>> = {
  [PlaceOrder.type]: {
    completed: [ShipmentCreated.type],
    rejected: [OrderPaymentFailed.type, OrderRequestRejected.type],
    cancelled: { by: [OrderCancelled.type], subjectOf: OrderPlaced.type },
  },
};

/** A fact type that cancels the flows whose `subjectOf` fact has the same record key. */
export interface CancellingLink {
  readonly by: string;
  readonly subjectOf: string;
}

/** Every way a fact of one flow cancels another flow (see `FLOW_ENDS`). */
export const CANCELLING_LINKS: readonly CancellingLink[] = Object.values(FLOW_ENDS).flatMap(
  ({ cancelled }) =>
    cancelled ? cancelled.by.map((by) => ({ by, subjectOf: cancelled.subjectOf })) : [],
);

/**
 * Returns the links `hop` takes part in: as the cancelling fact (`by`) or as the fact naming the
 * subject of the flow cancelled (`subjectOf`); none for a hop that is not a fact of its own flow
 * with a key.
 */
export function cancellingLinksOf(hop: Hop): { by: CancellingLink[]; subjectOf: CancellingLink[] } {
  const linked = hop.kind === HopKinds.fact && hop.fromFlow === undefined && !!hop.subject;
  return {
    by: linked ? CANCELLING_LINKS.filter((link) => link.by === hop.type) : [],
    subjectOf: linked ? CANCELLING_LINKS.filter((link) => link.subjectOf === hop.type) : [],
  };
}

/**
 * Returns the hops each flow takes from the others (the flows' own hops, by correlation id): a
 * cancelling fact of one flow is a hop of every other flow whose `subjectOf` fact has its key,
 * marked with the flow it comes from. The flows worker records the same, whichever comes first.
 */
export function borrowedHops(flows: ReadonlyMap<string, readonly Hop[]>): Map<string, Hop[]> {
  const subjects = new Map<string, string[]>();
  for (const [correlationId, hops] of flows)
    for (const hop of hops)
      if (cancellingLinksOf(hop).subjectOf.length > 0) {
        const key = `${hop.type}/${hop.subject}`;
        subjects.set(key, [...(subjects.get(key) ?? []), correlationId]);
      }
  const borrowed = new Map<string, Hop[]>();
  for (const [fromFlow, hops] of flows)
    for (const hop of hops)
      for (const link of cancellingLinksOf(hop).by)
        for (const target of subjects.get(`${link.subjectOf}/${hop.subject}`) ?? [])
          if (target !== fromFlow)
            borrowed.set(target, [...(borrowed.get(target) ?? []), { ...hop, fromFlow }]);
  return borrowed;
}

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
 * `FLOW_ENDS`; a fact of another flow that cancels it is one), else it runs: an order whose
 * shipment was created before it was cancelled stays completed.
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
  if (hop.fromFlow !== undefined)
    return ends?.cancelled?.by.includes(hop.type) ? FlowStates.cancelled : undefined;
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
