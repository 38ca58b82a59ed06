import { CloudEventHeaders, decodeObservedEvent, EventError } from '@app/events';
import { borrowedHops, flowHopOf, flowInputsOf, FlowStates, Hop, summarize } from '@app/flows';
import { ChaosEvidence, ReadRecord } from './chaos-evidence';
import { InvariantResult, verdict } from './invariant-result';

interface FlowRow {
  readonly correlation_id: string;
  readonly flow: string;
  readonly state: string;
}

interface HopRow {
  readonly correlation_id: string;
  readonly topic: string;
  readonly event_id: string;
  readonly kind: string;
}

/**
 * The flows view is what the topics read back say, flow for flow: every accepted request's
 * correlation id (its command's `ce_correlationid`, the request's tracking id) has a flow, none
 * still running once drained; each flow's hops are the records with its correlation id on the
 * topics the flows worker observes (one hop per topic, event id and kind, however many copies),
 * and its type and state are what the flow rules make of those records (completed or rejected at
 * its terminal fact, cancelled at another flow's fact that cancels it, dead-lettered at a dead
 * letter).
 */
export async function flowsEqualTheirFacts(evidence: ChaosEvidence): Promise<InvariantResult> {
  const schema = evidence.schemas.flows;
  if (!schema)
    return verdict('flows equal their facts', 'no flows view', ['the landscape has no flows']);
  const failures: string[] = [];
  const told = hopsByFlow(evidence);
  const flows = new Map(
    (await evidence.query<FlowRow>(`SELECT correlation_id, flow, state FROM ${schema}.flows`)).map(
      (row) => [row.correlation_id, row],
    ),
  );
  const stored = new Map<string, Set<string>>();
  for (const row of await evidence.query<HopRow>(
    `SELECT correlation_id, topic, event_id, kind FROM ${schema}.flow_hops`,
  ))
    stored.set(
      row.correlation_id,
      (stored.get(row.correlation_id) ?? new Set()).add(hopKey(row.topic, row.event_id, row.kind)),
    );

  let accepted = 0;
  for (const correlationId of acceptedRequests(evidence)) {
    accepted++;
    const flow = flows.get(correlationId);
    if (!flow) failures.push(`request ${correlationId}: accepted, no flow`);
    else if (flow.state === FlowStates.running)
      failures.push(`flow ${correlationId} (${flow.flow}): still running once drained`);
  }
  for (const [correlationId, hops] of told) {
    const flow = flows.get(correlationId);
    if (!flow) {
      failures.push(`flow ${correlationId}: ${hops.size} hops on the topics, no flow`);
      continue;
    }
    const keys = new Set(hops.keys());
    const kept = stored.get(correlationId) ?? new Set<string>();
    const missing = [...keys].filter((key) => !kept.has(key));
    const extra = [...kept].filter((key) => !keys.has(key));
    if (missing.length > 0 || extra.length > 0)
      failures.push(
        `flow ${correlationId}: ${kept.size} hops for ${keys.size} on the topics` +
          (missing.length > 0 ? `; missing ${missing.join(', ')}` : '') +
          (extra.length > 0 ? `; not on the topics ${extra.join(', ')}` : ''),
      );
    const expected = summarize([...hops.values()]);
    if (flow.flow !== expected.flow || flow.state !== expected.state)
      failures.push(
        `flow ${correlationId}: ${flow.flow} ${flow.state}, its facts say ${expected.flow} ${expected.state}`,
      );
  }
  for (const correlationId of flows.keys())
    if (!told.has(correlationId)) failures.push(`flow ${correlationId}: no hop on the topics`);
  return verdict(
    'flows equal their facts',
    `${accepted} accepted requests, ${flows.size} flows, ${[...told.values()].reduce((n, hops) => n + hops.size, 0)} hops`,
    failures,
  );
}

/** The correlation ids of the requests whose command is on their service's input topic. */
function acceptedRequests(evidence: ChaosEvidence): Set<string> {
  const ids = new Set<string>();
  for (const request of evidence.requests) {
    const command = (evidence.topics.get(`${request.service}.commands`) ?? []).find(
      (record) => record.trackingId === request.trackingId,
    );
    if (command) ids.add(command.headers[CloudEventHeaders.correlationId] ?? request.trackingId);
  }
  return ids;
}

/**
 * Per correlation id, the hops the records of the observed topics are, as the flows worker reads
 * them (one per topic, event id and kind), with the facts of other flows that cancel it
 * (`borrowedHops`); a record that names no flow, or that cannot be read as a hop, is none.
 */
function hopsByFlow(evidence: ChaosEvidence): Map<string, Map<string, Hop>> {
  const observed = new Set(flowInputsOf(evidence.topicPrefix));
  const flows = new Map<string, Map<string, Hop>>();
  for (const records of evidence.topics.values())
    for (const record of records) {
      if (!observed.has(record.topic)) continue;
      const flowHop = hopOf(record);
      if (!flowHop) continue;
      const { correlationId, hop } = flowHop;
      const hops = flows.get(correlationId) ?? new Map<string, Hop>();
      hops.set(hopKey(hop.topic, hop.eventId, hop.kind), hop);
      flows.set(correlationId, hops);
    }
  const own = new Map(
    [...flows].map(([correlationId, hops]) => [correlationId, [...hops.values()]]),
  );
  for (const [correlationId, hops] of borrowedHops(own))
    for (const hop of hops)
      flows.get(correlationId)?.set(hopKey(hop.topic, hop.eventId, hop.kind), hop);
  return flows;
}

function hopOf(record: ReadRecord): ReturnType<typeof flowHopOf> {
  try {
    const raw = { key: record.key, value: null, headers: record.headers };
    return flowHopOf(decodeObservedEvent(raw, { ...record, offset: BigInt(record.offset) }));
  } catch (error) {
    if (error instanceof EventError) return undefined;
    throw error;
  }
}

function hopKey(topic: string, eventId: string, kind: string): string {
  return `${topic}/${eventId}/${kind}`;
}
