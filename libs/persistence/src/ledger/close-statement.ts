import { StoredOutboxRecord } from '../outbox/outbox-record';
import { REQUEST_OUTCOME_CHANNEL } from '../outcomes/request-outcome.repository';
import { BatchClose, ClosedPartition } from './batch-ledger';
import { NamedQuery, namedQuery } from './named-query';

/**
 * The end of a batch transaction in one statement (one round trip), from one array per column so
 * that its text stays the same for any batch size:
 * - `stored`: the outbox rows in order, each naming its input partition;
 * - `recorded`: the outcomes, with no ON CONFLICT: when two partitions race on one tracking id,
 *   the loser's transaction fails on the primary key, is retried, and then finds the request
 *   answered, so a request never runs twice;
 * - `advanced`: the new positions;
 * - `pending`: the 1-based positions of the partitions whose older rows wait for publication, or
 *   older rows of one of their rows' keys written from another partition (an entity's facts may
 *   come from batches of several partitions: its newer fact must not overtake the older one); it
 *   reads the snapshot taken before the insert, so it sees older rows only;
 * - `announced`: each outcome on the NOTIFY channel, the id alone when the row does not fit in a
 *   notification (8000 bytes); delivered when the transaction commits.
 */
const CLOSE_BATCH = `
  WITH stored AS (
         INSERT INTO outbox (event_id, topic, key, value, headers, source_topic, source_partition)
         SELECT event_id, topic, key, value, headers, source_topic, source_partition
           FROM unnest($eventIds::text[], $eventTopics::text[], $eventKeys::text[],
                       $eventValues::bytea[], $eventHeaders::jsonb[],
                       $eventSourceTopics::text[], $eventSourcePartitions::int[])
             WITH ORDINALITY
             AS r(event_id, topic, key, value, headers, source_topic, source_partition, n)
          ORDER BY n
         RETURNING id),
       recorded AS (
         INSERT INTO request_outcomes (tracking_id, status, event_type, reason_code, reason, result)
         SELECT * FROM unnest($trackingIds::text[], $statuses::text[], $eventTypes::text[],
                              $reasonCodes::text[], $reasons::text[], $results::jsonb[])
         RETURNING *),
       advanced AS (
         UPDATE consumer_offsets c SET next_offset = g.next_offset, updated_at = now()
           FROM unnest($topics::text[], $partitions::int[], $nextOffsets::bigint[])
             AS g(topic, partition, next_offset)
          WHERE c.group_id = $groupId AND c.topic = g.topic AND c.partition = g.partition)
  SELECT (SELECT array_agg(id ORDER BY id) FROM stored) AS ids,
         ARRAY(SELECT g.n FROM unnest($topics::text[], $partitions::int[])
                 WITH ORDINALITY AS g(topic, partition, n)
                WHERE EXISTS (SELECT 1 FROM outbox o
                               WHERE o.source_topic = g.topic AND o.source_partition = g.partition)
                   OR EXISTS (SELECT 1
                                FROM unnest($eventTopics::text[], $eventKeys::text[],
                                            $eventSourceTopics::text[], $eventSourcePartitions::int[])
                                  AS e(topic, key, source_topic, source_partition)
                                JOIN outbox o ON o.topic = e.topic AND o.key = e.key
                               WHERE e.source_topic = g.topic AND e.source_partition = g.partition))
           AS pending,
         (SELECT count(pg_notify($channel,
                   CASE WHEN octet_length(whole) < 8000 THEN whole ELSE tracking_id END))
            FROM (SELECT tracking_id, tracking_id || ' ' || row_to_json(r)::text AS whole
                    FROM recorded r) announcements) AS announced`;

/** What the closing statement returns. */
export interface CloseRow {
  readonly ids: string[] | null;
  readonly pending: number[];
}

/** Builds the closing statement of a batch of `groupId`, its parameters named after their columns. */
export function closeStatement(groupId: string, close: BatchClose): NamedQuery {
  const rows = close.partitions.flatMap(({ source, records }) =>
    records.map((record) => ({ source, record })),
  );
  const { outcomes, partitions } = close;
  return namedQuery(CLOSE_BATCH, {
    eventIds: rows.map((r) => r.record.eventId),
    eventTopics: rows.map((r) => r.record.topic),
    eventKeys: rows.map((r) => r.record.key),
    eventValues: rows.map((r) => r.record.value),
    eventHeaders: rows.map((r) => JSON.stringify(r.record.headers)),
    eventSourceTopics: rows.map((r) => r.source.topic),
    eventSourcePartitions: rows.map((r) => r.source.partition),
    trackingIds: outcomes.map((o) => o.trackingId),
    statuses: outcomes.map((o) => o.status),
    eventTypes: outcomes.map((o) => o.eventType ?? null),
    reasonCodes: outcomes.map((o) => o.reasonCode ?? null),
    reasons: outcomes.map((o) => o.reason ?? null),
    results: outcomes.map((o) => (o.result === undefined ? null : JSON.stringify(o.result))),
    groupId,
    topics: partitions.map((p) => p.source.topic),
    partitions: partitions.map((p) => p.source.partition),
    nextOffsets: partitions.map((p) => p.nextOffset.toString()),
    channel: REQUEST_OUTCOME_CHANNEL,
  });
}

/** Reads the closing statement's answer: per partition, its rows as stored and whether older ones wait. */
export function closedPartitions(close: BatchClose, row: CloseRow): ClosedPartition[] {
  // Ascending ids are the insertion order, which is the order of the partitions' records.
  const ids = row.ids ?? [];
  const pending = new Set(row.pending.map(Number));
  let next = 0;
  return close.partitions.map(({ source, records }, i) => ({
    source,
    stored: records.map((record): StoredOutboxRecord => ({ ...record, id: String(ids[next++]) })),
    olderPending: pending.has(i + 1),
  }));
}
