import { DataSource, EntityManager } from 'typeorm';
import { RequestOutcome } from './request-outcome';

/** The PostgreSQL NOTIFY channel on which recorded outcomes are announced (payload: the tracking id). */
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

/** Records the outcomes of tracked requests in the batch transaction and reads them back. */
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

  /**
   * Inserts outcomes and notifies listeners when the transaction commits. No ON CONFLICT: when
   * two partitions race on one tracking id, the loser's transaction fails on the primary key,
   * is retried, and then finds the request answered, so a request never runs twice.
   */
  async record(manager: EntityManager, outcomes: readonly RequestOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    // One round trip: insert, then notify each tracking id (delivered when the transaction commits).
    await manager.query(
      `WITH recorded AS (
         INSERT INTO request_outcomes (tracking_id, status, event_type, reason_code, reason, result)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
         RETURNING tracking_id)
       SELECT count(pg_notify($7, tracking_id)) FROM recorded`,
      [
        outcomes.map((o) => o.trackingId),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.eventType ?? null),
        outcomes.map((o) => o.reasonCode ?? null),
        outcomes.map((o) => o.reason ?? null),
        outcomes.map((o) => (o.result === undefined ? null : JSON.stringify(o.result))),
        REQUEST_OUTCOME_CHANNEL,
      ],
    );
  }

  /** Reads one request's outcome, or null while it has none. */
  async find(trackingId: string): Promise<RequestOutcome | null> {
    const rows: OutcomeRow[] = await this.dataSource.query(
      `SELECT * FROM request_outcomes WHERE tracking_id = $1`,
      [trackingId],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
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
}
