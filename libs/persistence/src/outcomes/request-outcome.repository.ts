import { DataSource } from 'typeorm';
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

/** Reads the outcomes of tracked requests (the worker's batch ledger writes them). */
export class RequestOutcomeRepository {
  constructor(private readonly dataSource: DataSource) {}

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
