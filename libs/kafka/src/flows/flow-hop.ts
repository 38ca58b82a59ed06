import { CloudEventHeaders } from '@app/events';
import { traceIdOf } from '@app/observability';
import type { TopicRecord } from '../kafkajs/read-topic';

/** One event of a flow, as its topic position and CloudEvents headers tell it. */
export interface FlowHop {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly causationId?: string;
  readonly correlationId?: string;
  readonly traceId?: string;
}

/** A hop and how many causes stand between it and the start of its flow. */
export interface PlacedHop {
  readonly hop: FlowHop;
  readonly depth: number;
}

/** Reads the hop a record of `topic` is; undefined for a record with no `ce_id` (not an event). */
export function hopOf(topic: string, record: TopicRecord): FlowHop | undefined {
  const header = (name: string): string | undefined => record.headers[name];
  const id = header(CloudEventHeaders.id);
  if (id === undefined) return undefined;
  return {
    topic,
    partition: record.partition,
    offset: record.offset,
    id,
    type: header(CloudEventHeaders.type) ?? '?',
    source: header(CloudEventHeaders.source) ?? '?',
    time: header(CloudEventHeaders.time) ?? '?',
    causationId: header(CloudEventHeaders.causationId),
    correlationId: header(CloudEventHeaders.correlationId),
    traceId: traceIdOf({ traceparent: header(CloudEventHeaders.traceparent) }),
  };
}

/** Says whether `hop` belongs to the flow `id` names: its correlation id, or its trace id. */
export function isInFlow(hop: FlowHop, id: string): boolean {
  return hop.correlationId === id || hop.traceId === id.toLowerCase();
}

/**
 * Orders a flow's hops as a tree of causes, each followed by what it caused (by time): a hop
 * whose cause is not among them starts a branch at depth 0. A hop published more than once (the
 * same source and id) is listed once, at its first position.
 */
export function causalOrder(hops: readonly FlowHop[]): PlacedHop[] {
  const unique = new Map<string, FlowHop>();
  for (const hop of hops)
    if (!unique.has(`${hop.source}/${hop.id}`)) unique.set(`${hop.source}/${hop.id}`, hop);
  const byTime = [...unique.values()].sort((a, b) => a.time.localeCompare(b.time));
  const ids = new Set(byTime.map((hop) => hop.id));
  const placed: PlacedHop[] = [];
  const seen = new Set<FlowHop>();
  const visit = (hop: FlowHop, depth: number): void => {
    if (seen.has(hop)) return;
    seen.add(hop);
    placed.push({ hop, depth });
    for (const effect of byTime) if (effect.causationId === hop.id) visit(effect, depth + 1);
  };
  for (const hop of byTime)
    if (hop.causationId === undefined || !ids.has(hop.causationId)) visit(hop, 0);
  // A cycle of causes (only hand-made events can make one) is listed after the rest.
  for (const hop of byTime) visit(hop, 0);
  return placed;
}

/** Renders a flow as lines: each hop indented under its cause, with where it is and who sent it. */
export function flowLines(id: string, hops: readonly FlowHop[]): string[] {
  const placed = causalOrder(hops);
  if (placed.length === 0) return [`no event of flow ${id}`];
  const traces = [...new Set(placed.map(({ hop }) => hop.traceId ?? 'none'))];
  return [
    `flow ${id}: ${placed.length} events, trace ${traces.join(', ')}`,
    ...placed.map(
      ({ hop, depth }) =>
        `${'  '.repeat(depth)}${hop.time}  ${hop.type}  from ${hop.source}  ` +
        `${hop.topic}/${hop.partition}@${hop.offset}  id ${hop.id}`,
    ),
  ];
}
