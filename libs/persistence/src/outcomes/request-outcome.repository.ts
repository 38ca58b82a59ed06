import { DataSource, EntityManager } from 'typeorm';
import { RequestOutcome } from './request-outcome';

/**
 * The PostgreSQL NOTIFY channel on which recorded outcomes are announced. The payload is the
 * tracking id, then a space and the outcome as JSON when it fits in a notification (8000 bytes).
 */
export const REQUEST_OUTCOME_CHANNEL = 'request_outcome';

interface OutcomeRow {
  tracking_id: string;
  status: RequestOutcome['status'];
  event_type: string | null;
  reason_code: string | null;
  reason: string | null;
  result: unknown;
  recorded_at: Date;
}

/**
 * Inserts outcomes from one array per column, at parameters `$first` to `$first + 5` (see
 * `outcomeInsertParams`), returning the rows. No ON CONFLICT: when two partitions race on one
 * tracking id, the loser's transaction fails on the primary key, is retried, and then finds the
 * request answered, so a request never runs twice.
 */
export function outcomeInsertSql(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `
    INSERT INTO request_outcomes (tracking_id, status, event_type, reason_code, reason, result)
    SELECT * FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[],
                         ${p(4)}::text[], ${p(5)}::jsonb[])
    RETURNING *`;
}

/** The six column arrays `outcomeInsertSql` takes. */
export function outcomeInsertParams(outcomes: readonly RequestOutcome[]): unknown[] {
  return [
    outcomes.map((o) => o.trackingId),
    outcomes.map((o) => o.status),
    outcomes.map((o) => o.eventType ?? null),
    outcomes.map((o) => o.reasonCode ?? null),
    outcomes.map((o) => o.reason ?? null),
    outcomes.map((o) => (o.result === undefined ? null : JSON.stringify(o.result))),
  ];
}

/**
 * Counts the rows of `recorded` (a CTE of inserted outcome rows) while announcing each on
 * `REQUEST_OUTCOME_CHANNEL`, given as parameter `$channel`. Delivered when the transaction commits.
 */
export function announceOutcomesSql(recorded: string, channel: number): string {
  return `(SELECT count(pg_notify($${channel},
             CASE WHEN octet_length(whole) < 8000 THEN whole ELSE tracking_id END))
             FROM (SELECT tracking_id, tracking_id || ' ' || row_to_json(r)::text AS whole
                     FROM ${recorded} r) announced)`;
}

/** Reads the outcomes of tracked requests (the worker writes them in `closeBatch`). */
export class RequestOutcomeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns which of the tracking ids already have an outcome (requests already handled). */
  async findRecorded(manager: EntityManager, trackingIds: readonly string[]): Promise<Set<string>> {
    if (trackingIds.length === 0) return new Set();
    const rows: { tracking_id: string }[] = await manager.query(
      `SELECT tracking_id FROM request_outcomes WHERE tracking_id = ANY($1::text[])`,
      [trackingIds],
    );
    return new Set(rows.map((row) => row.tracking_id));
  }

  /** Reads one request's outcome, or null while it has none. */
  async find(trackingId: string): Promise<RequestOutcome | null> {
    const rows: OutcomeRow[] = await this.dataSource.query(
      `SELECT * FROM request_outcomes WHERE tracking_id = $1`,
      [trackingId],
    );
    return rows.length === 0 ? null : toOutcome(rows[0]);
  }
}

/**
 * Reads an outcome announcement: the tracking id, and the outcome when the payload carries it.
 * Returns null for a payload that is not an announcement.
 */
export function parseOutcomeAnnouncement(
  payload: string,
): { trackingId: string; outcome?: () => RequestOutcome } | null {
  const space = payload.indexOf(' ');
  if (space < 0) return payload.length > 0 ? { trackingId: payload } : null;
  const trackingId = payload.slice(0, space);
  // Parsed only when asked: every replica sees every announcement, most concern others.
  const outcome = () => {
    const row = JSON.parse(payload.slice(space + 1)) as OutcomeRow & { recorded_at: string };
    return toOutcome({ ...row, recorded_at: new Date(row.recorded_at) });
  };
  return { trackingId, outcome };
}

function toOutcome(row: OutcomeRow): RequestOutcome {
  return {
    trackingId: row.tracking_id,
    status: row.status,
    eventType: row.event_type ?? undefined,
    reasonCode: row.reason_code ?? undefined,
    reason: row.reason ?? undefined,
    result: row.result ?? undefined,
    recordedAt: row.recorded_at,
  };
}
