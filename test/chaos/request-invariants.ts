import { Topics } from '@app/events';
import { ChaosEvidence } from './chaos-evidence';
import { InvariantResult, verdict } from './invariant-result';

interface OutcomeRow {
  readonly tracking_id: string;
  readonly status: 'accepted' | 'rejected';
  readonly reason_code: string | null;
  readonly event_type: string | null;
}

/**
 * Every request a service accepted (its command is on the service's input topic) has exactly one
 * outcome, agreeing with the answer the client got; every request got an answer; no outcome of
 * the run's requests exists without a request; a request refused by the API sent no command.
 */
export async function everyRequestOneOutcome(evidence: ChaosEvidence): Promise<InvariantResult> {
  const failures: string[] = [];
  let accepted = 0;
  let refusedByApi = 0;
  let pending = 0;
  const recorded = new Set(evidence.requests.map((request) => request.trackingId));
  const run = evidence.requests[0]?.trackingId.replace(/-\d+$/, '-') ?? '';
  for (const [service, schema] of Object.entries(evidence.schemas)) {
    const outcomes = new Map(
      (
        await evidence.query<OutcomeRow>(
          `SELECT tracking_id, status, reason_code, event_type FROM ${schema}.request_outcomes`,
        )
      ).map((row) => [row.tracking_id, row]),
    );
    const commanded = new Set(
      (evidence.topics.get(`${service}.commands`) ?? []).map((record) => record.trackingId),
    );
    for (const request of evidence.requests.filter((r) => r.service === service)) {
      const outcome = outcomes.get(request.trackingId);
      const label = `${request.op} ${request.trackingId} (${request.method} ${request.path} -> ${request.status})`;
      if (request.status === 0) failures.push(`${label}: never answered`);
      if (!commanded.has(request.trackingId)) {
        refusedByApi++;
        if (request.status >= 200 && request.status < 300)
          failures.push(`${label}: answered ${request.status} but no command was sent`);
        if (outcome) failures.push(`${label}: an outcome without a command`);
        continue;
      }
      accepted++;
      if (!outcome) {
        failures.push(`${label}: accepted, no outcome`);
        continue;
      }
      if (request.status === 202) pending++;
      if ((request.status === 200 || request.status === 201) && outcome.status !== 'accepted')
        failures.push(`${label}: answered ${request.status}, outcome ${outcome.status}`);
      if (request.answer === 'rejected' && outcome.reason_code !== request.code)
        failures.push(
          `${label}: answered ${request.code}, outcome ${outcome.reason_code ?? outcome.status}`,
        );
    }
    for (const trackingId of outcomes.keys()) {
      if (trackingId.startsWith(run) && !recorded.has(trackingId))
        failures.push(`${service}: outcome ${trackingId} without a request`);
    }
  }
  return verdict(
    'every accepted request has exactly one outcome',
    `${evidence.requests.length} requests, ${accepted} accepted (${pending} answered 202), ${refusedByApi} refused by the API`,
    failures,
  );
}

/**
 * No command's effect was published twice: for each tracking id, fact type and key, one event id
 * (a fact published again after a crash keeps its id and bytes), on every output topic.
 */
export async function noDuplicateFacts(evidence: ChaosEvidence): Promise<InvariantResult> {
  const failures: string[] = [];
  let facts = 0;
  let copies = 0;
  for (const [topic, records] of evidence.topics) {
    if (!topic.endsWith('.events')) continue;
    const ids = new Map<string, Set<string>>();
    const bodies = new Map<string, string>();
    for (const record of records) {
      facts++;
      // A copy published again carries the same id and the same bytes; a handler that ran
      // twice derives the same id (from its cause) but may write another state.
      const body = JSON.stringify(record.payload);
      const before = bodies.get(record.id);
      if (before !== undefined) copies++;
      if (before !== undefined && before !== body)
        failures.push(
          `${topic}: event ${record.id} (${record.type}, key ${record.key}) published with two different payloads`,
        );
      bodies.set(record.id, body);
      if (!record.trackingId) continue;
      const key = `${record.trackingId} ${record.type} key ${record.key}`;
      ids.set(key, (ids.get(key) ?? new Set<string>()).add(record.id));
    }
    for (const [key, seen] of ids)
      if (seen.size > 1)
        failures.push(`${topic}: ${key} published as ${seen.size} different events`);
  }
  return verdict(
    'one fact per command and key, each event id one payload',
    `${facts} facts read, ${copies} copies of one event id (at-least-once publishing)`,
    failures,
  );
}

/** Versions only increase per key on the topics whose facts carry an entity's version. */
export async function versionsIncreasePerKey(evidence: ChaosEvidence): Promise<InvariantResult> {
  const failures: string[] = [];
  let keys = 0;
  let checked = 0;
  for (const topic of [Topics.customerEvents, Topics.orderEvents, Topics.shippingEvents]) {
    const last = new Map<string, { version: number; id: string }>();
    const seen = new Set<string>();
    for (const record of evidence.topics.get(topic) ?? []) {
      const version = record.payload.version;
      // A copy of an event already read is a re-publication (same id), not a new version.
      if (typeof version !== 'number' || record.key === null || seen.has(record.id)) continue;
      seen.add(record.id);
      const before = last.get(record.key);
      checked++;
      if (before && version <= before.version)
        failures.push(
          `${topic} key ${record.key}: version ${version} (${record.type}) after ${before.version}`,
        );
      last.set(record.key, { version, id: record.id });
    }
    keys += last.size;
  }
  return verdict(
    'versions strictly increase per key (customers, orders, shipping facts)',
    `${checked} versioned facts over ${keys} keys`,
    failures,
  );
}
