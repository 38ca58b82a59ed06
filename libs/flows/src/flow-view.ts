import { z } from 'zod';
import { FlowEntity } from './flow.entity';
import { FlowStates, HopKinds, orderHops, stateAt } from './flow-rules';
import { StoredFlow } from './flow-view.repository';

const flowStateValues = Object.values(FlowStates) as [string, ...string[]];

/** A flow in a list: what it is, where it stands, when it started and last moved. */
export const flowSummarySchema = z.object({
  correlationId: z.string().describe('the tracking id of the request that started the flow'),
  flow: z.string().describe('its type: the type of the event that started it'),
  state: z.enum(flowStateValues),
  startedAt: z.iso.datetime(),
  lastHopAt: z.iso.datetime(),
  endedAt: z.iso.datetime().optional(),
  durationMs: z.number().int().optional().describe('from its first hop to its terminal one'),
  acknowledgement: z.object({ at: z.iso.datetime(), note: z.string() }).optional(),
});

/** One hop of a flow, with its latencies. */
export const flowHopSchema = z.object({
  service: z
    .string()
    .describe('the service that published it (or set it apart, for a dead letter)'),
  type: z.string(),
  kind: z.enum(Object.values(HopKinds) as [string, ...string[]]),
  topic: z.string(),
  eventId: z.string(),
  causationId: z.string().optional(),
  fromFlow: z
    .string()
    .optional()
    .describe(
      "for a fact of another request that ended this flow (an order cancelled by its customer): that request's tracking id",
    ),
  time: z.iso.datetime(),
  sincePreviousMs: z.number().int(),
  sinceStartMs: z.number().int(),
  deadLetter: z.object({ code: z.string(), reason: z.string() }).optional(),
});

/** A flow with its hops in order. */
export const flowViewSchema = flowSummarySchema.extend({ hops: z.array(flowHopSchema) });

export type FlowSummaryView = z.output<typeof flowSummarySchema>;
export type FlowView = z.output<typeof flowViewSchema>;

/** Describes a flow's row as lists show it, its state read at `now`. */
export function flowSummaryView(
  row: FlowEntity,
  now: Date,
  stuckAfterSeconds: number,
): FlowSummaryView {
  return {
    correlationId: row.correlationId,
    flow: row.flow,
    state: stateAt(FlowEntity.toSummary(row), now, stuckAfterSeconds * 1000),
    startedAt: row.startedAt.toISOString(),
    lastHopAt: row.lastHopAt.toISOString(),
    ...(row.endedAt
      ? {
          endedAt: row.endedAt.toISOString(),
          durationMs: row.endedAt.getTime() - row.startedAt.getTime(),
        }
      : {}),
    ...(row.acknowledgedAt
      ? {
          acknowledgement: {
            at: row.acknowledgedAt.toISOString(),
            note: row.acknowledgement ?? '',
          },
        }
      : {}),
  };
}

/** Describes a flow with its hops in order, each with its latencies, its state read at `now`. */
export function flowView(stored: StoredFlow, now: Date, stuckAfterSeconds: number): FlowView {
  return {
    ...flowSummaryView(stored.flow, now, stuckAfterSeconds),
    hops: orderHops(stored.hops).map((hop) => ({
      service: hop.service,
      type: hop.type,
      kind: hop.kind,
      topic: hop.topic,
      eventId: hop.eventId,
      ...(hop.causationId === undefined ? {} : { causationId: hop.causationId }),
      ...(hop.fromFlow === undefined ? {} : { fromFlow: hop.fromFlow }),
      time: hop.time.toISOString(),
      sincePreviousMs: hop.sincePreviousMs,
      sinceStartMs: hop.sinceStartMs,
      ...(hop.deadLetter ? { deadLetter: hop.deadLetter } : {}),
    })),
  };
}
