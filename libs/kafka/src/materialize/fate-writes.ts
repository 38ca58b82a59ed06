import {
  CloudEventHeaders,
  createEvent,
  encodeEvent,
  EventCatalogue,
  EventDefinition,
  EventMetadata,
  readHeader,
  RequestRejectedPayload,
  toStorableText,
} from '@app/events';
import { OutboxRecord, RequestOutcome } from '@app/persistence';
import { failureCode, failureReason } from '../errors/failure-kind';
import { deadLetterFingerprintOf, deadLetterRecord } from '../pipeline/dead-letter-record';
import { EventFate, isDeadLettered, requestIdOf } from './event-fate';
import { correlationOf, traceOf } from '../transport/emitted-event';

/** What deriving a transaction's writes from the fates needs to know about the worker. */
export interface FateWriteSettings {
  readonly groupId: string;
  /** `ce_source` of the events the worker emits. */
  readonly source: string;
  /** Per input topic, the event that answers a tracked request that was rejected. */
  readonly rejectionEvents: ReadonlyMap<string, EventDefinition>;
  /** The worker's catalogue: emitted events take their topics from it. */
  readonly catalogue: EventCatalogue;
  /** @default WorkerDefaults.maxDeadLetterBytes */
  readonly maxDeadLetterBytes?: number;
  /** The other services' topics the worker reads facts from: their tracking ids are not its requests. */
  readonly factTopics: ReadonlySet<string>;
  /** Per input topic, where its permanent failures go (the group's own topic for facts). */
  readonly deadLetterTopics: ReadonlyMap<string, string>;
  /**
   * The topics the worker observes: each record is one observation, never claimed by source and
   * id (a dead letter carries the id of the event it copies).
   */
  readonly observedTopics?: ReadonlySet<string>;
}

/**
 * Returns the outbox rows a fate writes, in order: an applied event's emitted events; a refused
 * or failed event's dead-letter copy (unless only refused) and the rejection event that answers
 * its tracked request.
 */
export function outboxRecordsOf(
  fate: EventFate,
  settings: FateWriteSettings,
  now: Date,
): readonly OutboxRecord[] {
  if (fate.kind === 'applied') return fate.records;
  if (fate.kind !== 'refused' && fate.kind !== 'failed') return [];
  const records: OutboxRecord[] = [];
  const error = errorOf(fate);
  if (isDeadLettered(fate)) {
    const attempts = fate.kind === 'failed' ? fate.attempts : 1;
    const record = deadLetterRecord(
      fate.message,
      { error, attempts },
      settings.groupId,
      now,
      settings.maxDeadLetterBytes,
    );
    const topic = settings.deadLetterTopics.get(fate.message.topic) ?? record.topic;
    records.push({ ...record, topic });
  }
  const trackingId = requestIdOf(fate.message, fate.event, settings.factTopics);
  const rejection =
    trackingId !== undefined ? rejectionEvent(fate, trackingId, error, settings) : undefined;
  if (rejection) records.push(rejection);
  return records;
}

/** Returns the fingerprint of the dead letter a fate writes (`dlq_fingerprint`), if it writes one. */
export function deadLetterFingerprintOfFate(fate: EventFate): string | undefined {
  if (fate.kind !== 'refused' && fate.kind !== 'failed') return undefined;
  return isDeadLettered(fate) ? deadLetterFingerprintOf(fate.message, errorOf(fate)) : undefined;
}

/** Returns the outcome a fate records for its tracked request, if it has one to record. */
export function outcomeOf(
  fate: EventFate,
  settings: Pick<FateWriteSettings, 'factTopics'>,
): RequestOutcome | undefined {
  if (fate.kind !== 'applied' && fate.kind !== 'refused' && fate.kind !== 'failed') return;
  const trackingId = requestIdOf(fate.message, fate.event, settings.factTopics);
  if (trackingId === undefined) return;
  if (fate.kind === 'applied') {
    if (fate.deferred) return;
    return { trackingId, status: 'accepted', eventType: fate.event.type, result: fate.result };
  }
  const error = errorOf(fate);
  return {
    trackingId,
    status: 'rejected',
    eventType: rejectedType(fate),
    reasonCode: failureCode(error),
    reason: failureReason(error),
  };
}

type Unanswered = Extract<EventFate, { kind: 'refused' | 'failed' }>;

function errorOf(fate: Unanswered): unknown {
  return fate.kind === 'refused' ? fate.reason : fate.error;
}

function rejectedType(fate: Unanswered): string | undefined {
  return fate.event?.type ?? storableHeader(fate, CloudEventHeaders.type);
}

/** Reads a header of an event that may not have decoded, as text PostgreSQL can store. */
function storableHeader(fate: Unanswered, name: string): string | undefined {
  const value = readHeader(fate.message, name);
  return value === undefined ? undefined : toStorableText(value);
}

/** The event that answers a rejected request on the output topic, when the input topic declares one. */
function rejectionEvent(
  fate: Unanswered,
  trackingId: string,
  error: unknown,
  settings: FateWriteSettings,
): OutboxRecord | undefined {
  const declared = settings.rejectionEvents.get(fate.message.topic);
  if (!declared) return undefined;
  const payload: RequestRejectedPayload = {
    trackingId,
    code: failureCode(error),
    reason: failureReason(error),
    rejectedType: rejectedType(fate),
  };
  const causationId = storableHeader(fate, CloudEventHeaders.id);
  const id = causationId ? `${causationId}:rejected` : undefined;
  // The refused event may not decode: its flow is read from its headers as `correlationOf` would,
  // and its rejection stays in its trace.
  const correlationId = storableHeader(fate, CloudEventHeaders.correlationId) ?? trackingId;
  const traceparent = storableHeader(fate, CloudEventHeaders.traceparent);
  const tracestate = storableHeader(fate, CloudEventHeaders.tracestate);
  const metadata = { causationId, correlationId, id, traceparent, tracestate };
  return rejectionRecord(declared, payload, metadata, settings);
}

/**
 * Returns the writes of the requests an applied fate settles by tracking id, in order: for each
 * one not in `answered` (which it extends, so a request settled twice keeps its first outcome),
 * its outcome and, for a rejection, the worker's request-rejected fact (the rejection event of
 * the fate's input topic, or else the first one declared).
 */
export function settlementWritesOf(
  fate: EventFate,
  settings: FateWriteSettings,
  answered: Set<string>,
): { outcomes: RequestOutcome[]; records: OutboxRecord[] } {
  const outcomes: RequestOutcome[] = [];
  const records: OutboxRecord[] = [];
  if (fate.kind !== 'applied') return { outcomes, records };
  const declared =
    settings.rejectionEvents.get(fate.message.topic) ??
    settings.rejectionEvents.values().next().value;
  for (const outcome of fate.settled ?? []) {
    if (answered.has(outcome.trackingId)) continue;
    answered.add(outcome.trackingId);
    outcomes.push(outcome);
    if (outcome.status !== 'rejected' || !declared) continue;
    const payload: RequestRejectedPayload = {
      trackingId: outcome.trackingId,
      code: outcome.reasonCode ?? 'rejected',
      reason: outcome.reason ?? 'rejected',
      rejectedType: outcome.eventType,
    };
    // One outcome per tracking id, so its rejection fact's id is stable across re-runs.
    const metadata = {
      causationId: fate.event.id,
      correlationId: correlationOf(fate.event),
      ...traceOf(fate.event),
      id: `${outcome.trackingId}:rejected`,
    };
    records.push(rejectionRecord(declared, payload, metadata, settings));
  }
  return { outcomes, records };
}

/** Returns the tracking ids of the requests a fate settles, answered or not. */
export function settledIdsOf(fate: EventFate): string[] {
  return fate.kind === 'applied' ? (fate.settled ?? []).map((o) => o.trackingId) : [];
}

function rejectionRecord(
  declared: EventDefinition,
  payload: RequestRejectedPayload,
  metadata: Omit<EventMetadata, 'source' | 'trackingId'>,
  settings: FateWriteSettings,
): OutboxRecord {
  const definition = settings.catalogue.resolve(declared);
  const envelope = createEvent(definition, payload, {
    source: settings.source,
    trackingId: payload.trackingId,
    ...metadata,
  });
  const encoded = encodeEvent(definition, envelope);
  return {
    eventId: envelope.id,
    topic: encoded.topic,
    key: encoded.key,
    value: encoded.value,
    headers: encoded.headers,
  };
}
